package io.switchboard.runtime.simulator;

import io.switchboard.simulator.engine.ProgressListener;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Stops a run that passes its wall-time deadline or its message limit: the engine reports progress
 * every few thousand events from the run's thread, and this listener throws there.
 */
final class RunBudget implements ProgressListener {
  private final LongSupplier nanoClock;
  private final long deadline;
  private final Duration maxRunTime;
  private final long maxMessages;

  /**
   * A budget from now ({@code nanoClock}) for {@code maxRunTime}, at most {@code maxMessages} per
   * run.
   */
  RunBudget(LongSupplier nanoClock, Duration maxRunTime, long maxMessages) {
    this.nanoClock = nanoClock;
    this.deadline = nanoClock.getAsLong() + maxRunTime.toNanos();
    this.maxRunTime = maxRunTime;
    this.maxMessages = maxMessages;
  }

  @Override
  public void progress(long nowNanos, long endNanos, long messages) {
    if (messages > maxMessages) {
      throw SimulatorRefusal.stopped(
          "stopped after "
              + messages
              + " simulated messages, more than "
              + maxMessages
              + " (switchboard.console.simulator.max-messages); shorten run.duration or lower the rate");
    }
    if (nanoClock.getAsLong() - deadline > 0) {
      throw SimulatorRefusal.stopped(
          "stopped after "
              + maxRunTime.toMillis()
              + " ms of wall time at virtual time "
              + String.format(Locale.ROOT, "%.1f", nowNanos / 1e9)
              + " s of "
              + String.format(Locale.ROOT, "%.1f", endNanos / 1e9)
              + " s (switchboard.console.simulator.max-run-time); shorten run.duration or lower the rate");
    }
  }
}
