package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.Done;
import org.junit.jupiter.api.Test;

class PoolCallsTest {
  private final PoolCalls calls = new PoolCalls();
  private final List<String> cancelled = new ArrayList<>();

  @Test
  void endingThePoolCancelsEveryRunningCallWithTheReasonAndNoAnsweredOne() {
    assertThat(calls.add("a")).isTrue();
    assertThat(calls.add("b")).isTrue();
    calls.remove("b"); // answered
    calls.end("pool deleted", (id, reason) -> cancelled.add(id + ": " + reason));
    assertThat(cancelled).containsExactly("a: pool deleted");
    assertThat(calls.endedBecause()).contains("pool deleted");
  }

  @Test
  void aCallStoredAfterThePoolEndedIsCancelledAtOnce() {
    CompletableFuture<Done> stored = new CompletableFuture<>();
    calls.trackOnceStored(
        "late", stored, (id, reason) -> cancelled.add(id + ": " + reason), Runnable::run);
    calls.end("pool deleted", (id, reason) -> cancelled.add("tracked " + id));
    assertThat(cancelled).as("not stored yet: nothing to cancel").isEmpty();
    stored.complete(Done.getInstance());
    assertThat(cancelled).containsExactly("late: pool deleted");
    assertThat(calls.add("later")).isFalse();
  }

  @Test
  void namesThePoolsEndOnlyForACancelledCallOfAnEndedPool() {
    SwitchboardException cancel = new SwitchboardException(ErrorCode.CANCELLED, "cancelled");
    assertThat(calls.endedIt(cancel)).isEmpty();
    calls.end("pool deleted", (id, reason) -> {});
    assertThat(calls.endedIt(new CompletionException(cancel))).contains("pool deleted");
    assertThat(calls.endedIt(new SwitchboardException(ErrorCode.DEADLINE_EXCEEDED, "late")))
        .isEmpty();
  }
}
