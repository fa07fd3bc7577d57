package io.switchboard.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class UnreachableFailFastTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(
          com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local"));
  private static final Duration AFTER = Duration.ofMillis(50);

  /** A cluster view whose trouble the test decides. */
  private static UnreachableFailFast.Members trouble(java.util.function.BooleanSupplier now) {
    return new UnreachableFailFast.Members() {
      @Override
      public void observe() {}

      @Override
      public boolean inTrouble() {
        return now.getAsBoolean();
      }
    };
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void failsAnUnansweredPublishWithARetryableErrorWhileAMemberIsUnreachable() {
    var failFast =
        new UnreachableFailFast(
            testKit.system(), AFTER, Duration.ofSeconds(2), trouble(() -> true));

    Throwable failure =
        catchThrowable(
            () ->
                failFast
                    .guard(new CompletableFuture<String>())
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS));

    assertThat(failure).hasCauseInstanceOf(SwitchboardException.Unreachable.class);
    var unreachable = (SwitchboardException.Unreachable) failure.getCause();
    assertThat(unreachable.code()).isEqualTo(ErrorCode.PARTITION_UNREACHABLE);
    assertThat(unreachable.retryAfter()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void keepsWaitingWhileEveryMemberIsReachable() throws Exception {
    AtomicInteger checks = new AtomicInteger();
    var failFast =
        new UnreachableFailFast(
            testKit.system(),
            AFTER,
            Duration.ofSeconds(1),
            trouble(() -> checks.incrementAndGet() < 0));
    CompletableFuture<String> answer = new CompletableFuture<>();
    var guarded = failFast.guard(answer).toCompletableFuture();

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> checks.get() >= 3);
    assertThat(guarded).isNotDone();
    answer.complete("stored");
    assertThat(guarded.get(5, TimeUnit.SECONDS)).isEqualTo("stored");
  }

  @Test
  void failsOnceAMemberBecomesUnreachableWhileWaiting() {
    AtomicBoolean unreachable = new AtomicBoolean();
    AtomicInteger checks = new AtomicInteger();
    var failFast =
        new UnreachableFailFast(
            testKit.system(),
            AFTER,
            Duration.ofSeconds(1),
            trouble(
                () -> {
                  checks.incrementAndGet();
                  return unreachable.get();
                }));
    var guarded = failFast.guard(new CompletableFuture<String>()).toCompletableFuture();

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> checks.get() >= 2);
    assertThat(guarded).isNotDone();
    unreachable.set(true);
    Throwable failure = catchThrowable(() -> guarded.get(5, TimeUnit.SECONDS));
    assertThat(failure).hasCauseInstanceOf(SwitchboardException.Unreachable.class);
  }

  @Test
  void passesAFailureOfTheAnswerOn() {
    var failFast =
        new UnreachableFailFast(
            testKit.system(), AFTER, Duration.ofSeconds(1), trouble(() -> false));
    var refused = new SwitchboardException(ErrorCode.OVERLOADED, "full");
    Throwable failure =
        catchThrowable(
            () ->
                failFast
                    .guard(CompletableFuture.<String>failedFuture(refused))
                    .toCompletableFuture()
                    .join());
    assertThat(failure).isInstanceOf(CompletionException.class).hasCause(refused);
  }

  @Test
  void zeroTurnsItOff() {
    var failFast =
        new UnreachableFailFast(
            testKit.system(), Duration.ZERO, Duration.ofSeconds(1), trouble(() -> true));
    CompletableFuture<String> answer = new CompletableFuture<>();
    assertThat(failFast.guard(answer)).isSameAs(answer);
  }
}
