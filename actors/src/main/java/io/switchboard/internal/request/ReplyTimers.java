package io.switchboard.internal.request;

import io.switchboard.internal.request.ReplyProtocol.Command;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * What a {@link ReplyStream} waits for: its request's deadline, a detached caller's reattach grace,
 * and the poll interval of the reads it holds. Armed from the journaled state, so a recovered
 * stream waits for what is left of each.
 */
final class ReplyTimers {
  enum DeadlineReached implements Command {
    INSTANCE
  }

  enum GraceOver implements Command {
    INSTANCE
  }

  enum PollOver implements Command {
    INSTANCE
  }

  private final TimerScheduler<Command> timers;
  private final Clock clock;
  private final Duration pollInterval;

  ReplyTimers(TimerScheduler<Command> timers, Clock clock, Duration pollInterval) {
    this.timers = timers;
    this.clock = clock;
    this.pollInterval = pollInterval;
  }

  /** Arms the deadline of an open request that has not ended. */
  void deadline(ReplyLog state) {
    if (state.opened() && !state.ended()) {
      timers.startSingleTimer(DeadlineReached.INSTANCE, untilMillis(state.deadlineMillis()));
    }
  }

  void cancelDeadline() {
    timers.cancel(DeadlineReached.INSTANCE);
  }

  /** Arms the grace of a detached caller for what is left of it. */
  void grace(ReplyLog state) {
    if (state.detached()) {
      timers.startSingleTimer(GraceOver.INSTANCE, untilMillis(state.graceEndsAtMillis()));
    }
  }

  /** Looks at the grace again after a poll interval (a read is still held). */
  void graceAgain() {
    timers.startSingleTimer(GraceOver.INSTANCE, pollInterval);
  }

  void cancelGrace() {
    timers.cancel(GraceOver.INSTANCE);
  }

  /** Arms the poll interval of the reads held, unless it runs. */
  void poll() {
    if (!timers.isTimerActive(PollOver.INSTANCE)) {
      timers.startSingleTimer(PollOver.INSTANCE, pollInterval);
    }
  }

  private Duration untilMillis(long epochMillis) {
    return Duration.ofMillis(Math.max(0, epochMillis - clock.millis()));
  }
}
