package io.switchboard.runtime.http.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.http.consume.LongPollLimiter.Admission;
import org.junit.jupiter.api.Test;

class LongPollLimiterTest {

  @Test
  void refusesAClientPastItsBoundAndTheNodePastItsBound() {
    LongPollLimiter limiter = new LongPollLimiter(3, 2);
    assertThat(limiter.acquire("a")).isEqualTo(Admission.GRANTED);
    assertThat(limiter.acquire("a")).isEqualTo(Admission.GRANTED);
    assertThat(limiter.acquire("a")).isEqualTo(Admission.CLIENT_FULL);
    assertThat(limiter.acquire("b")).isEqualTo(Admission.GRANTED);
    assertThat(limiter.acquire("c")).isEqualTo(Admission.NODE_FULL);
    assertThat(limiter.open()).isEqualTo(3);
  }

  @Test
  void releasedPermitsAdmitAgain() {
    LongPollLimiter limiter = new LongPollLimiter(2, 1);
    assertThat(limiter.acquire("a")).isEqualTo(Admission.GRANTED);
    assertThat(limiter.acquire("b")).isEqualTo(Admission.GRANTED);
    limiter.release("a");
    assertThat(limiter.acquire("a")).isEqualTo(Admission.GRANTED);
    limiter.release("a");
    limiter.release("b");
    assertThat(limiter.open()).isZero();
    assertThat(limiter.acquire("c")).isEqualTo(Admission.GRANTED);
  }
}
