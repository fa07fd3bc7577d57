package io.switchboard.runtime.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the emulator has seen, for tests and the {@code GET /emulator/stats} endpoint. Thread-safe.
 */
public final class EmulatorStats {
  private final AtomicLong generations = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong statusFaults = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostRunning = new AtomicInteger();
  private final AtomicLong plannedTurns = new AtomicLong();
  private final AtomicLong cachedTurns = new AtomicLong();
  private final AtomicLong plannedFirstTokenMicros = new AtomicLong();

  void generationArrived() {
    generations.incrementAndGet();
  }

  /**
   * Counts a planned turn: whether its prompt was found in the prefix cache, and its time to first
   * token by the service model (what the machine's load cannot change).
   */
  void planned(Turn turn) {
    plannedTurns.incrementAndGet();
    if (turn.cachedTokens() > 0) {
      cachedTurns.incrementAndGet();
    }
    plannedFirstTokenMicros.addAndGet(turn.firstTokenNanos() / 1000);
  }

  void started() {
    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
  }

  void finished(boolean whole) {
    running.decrementAndGet();
    (whole ? completed : dropped).incrementAndGet();
  }

  void statusFault() {
    statusFaults.incrementAndGet();
  }

  /** Returns the generation requests received (chat and completions), refused ones included. */
  public long generations() {
    return generations.get();
  }

  /** Returns the generations answered to the end. */
  public long completed() {
    return completed.get();
  }

  /** Returns the requests answered with an error status on demand. */
  public long statusFaults() {
    return statusFaults.get();
  }

  /**
   * Returns the generations that ended early: a dropped or stalled connection, or a client gone.
   */
  public long dropped() {
    return dropped.get();
  }

  /** Returns the generations running now. */
  public int running() {
    return running.get();
  }

  /** Returns the most generations that ran at once. */
  public int mostRunning() {
    return mostRunning.get();
  }

  /** Returns the turns planned (generation requests that passed validation). */
  public long plannedTurns() {
    return plannedTurns.get();
  }

  /** Returns the planned turns whose prompt was partly found in the prefix cache. */
  public long cachedTurns() {
    return cachedTurns.get();
  }

  /** Returns the sum of the planned turns' times to first token by the service model, in ms. */
  public double plannedFirstTokenMillis() {
    return plannedFirstTokenMicros.get() / 1000.0;
  }

  /** Returns the counts as JSON, for {@code GET /emulator/stats}. */
  ObjectNode toJson() {
    return OpenAiJson.MAPPER
        .createObjectNode()
        .put("generations", generations())
        .put("completed", completed())
        .put("dropped", dropped())
        .put("status_faults", statusFaults())
        .put("running", running.get())
        .put("most_running", mostRunning())
        .put("planned_turns", plannedTurns.get())
        .put("cached_turns", cachedTurns.get())
        .put("planned_first_token_ms_sum", plannedFirstTokenMillis());
  }
}
