package io.switchboard.runtime.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A bucket of 10 per second on a clock moved by hand. */
class RateBucketTest {
  private static final long MS = 1_000_000L;

  @Test
  void admitsAFullBurstThenWaitsForTheRefillOfOneUnit() {
    RateBucket bucket = new RateBucket(10, Duration.ofSeconds(1), 0);
    for (int i = 0; i < 10; i++) {
      assertThat(bucket.nanosUntilFits(1, 0)).isZero();
      bucket.take(1, 0);
    }
    assertThat(bucket.nanosUntilFits(1, 0)).isEqualTo(100 * MS);
    assertThat(bucket.nanosUntilFits(1, 99 * MS)).isEqualTo(MS);
    assertThat(bucket.nanosUntilFits(1, 100 * MS)).isZero();
  }

  @Test
  void refillsEvenlyUpToTheLimitAndNoFurther() {
    RateBucket bucket = new RateBucket(10, Duration.ofSeconds(1), 0);
    bucket.take(10, 0);
    assertThat(bucket.nanosUntilFits(5, 500 * MS)).isZero();
    assertThat(bucket.nanosUntilFits(6, 500 * MS)).isEqualTo(100 * MS);
    // idle for an hour: still only 10 at once
    assertThat(bucket.isFull(3_600_000 * MS)).isTrue();
    assertThat(bucket.nanosUntilFits(10, 3_600_000 * MS)).isZero();
    assertThat(bucket.nanosUntilFits(11, 3_600_000 * MS)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aCheckTakesNothing() {
    RateBucket bucket = new RateBucket(2, Duration.ofMinutes(1), 0);
    for (int i = 0; i < 100; i++) {
      bucket.nanosUntilFits(2, 0);
    }
    assertThat(bucket.nanosUntilFits(2, 0)).isZero();
    bucket.take(2, 0);
    assertThat(bucket.isFull(0)).isFalse();
    assertThat(bucket.nanosUntilFits(1, 0)).isEqualTo(Duration.ofSeconds(30).toNanos());
  }
}
