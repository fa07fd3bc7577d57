package io.switchboard.simulator.engine;

/** Hears how far a run has got; called every few thousand events from the run's thread. */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that ignores progress. */
  ProgressListener NONE = (now, end, messages) -> {};

  /** Reports virtual time {@code nowNanos} of {@code endNanos}, after {@code messages} created. */
  void progress(long nowNanos, long endNanos, long messages);
}
