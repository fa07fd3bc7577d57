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

  void generationArrived() {
    generations.incrementAndGet();
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

  /** Returns the counts as JSON, for {@code GET /emulator/stats}. */
  ObjectNode toJson() {
    return OpenAiJson.MAPPER
        .createObjectNode()
        .put("generations", generations())
        .put("completed", completed())
        .put("dropped", dropped())
        .put("status_faults", statusFaults())
        .put("running", running.get())
        .put("most_running", mostRunning());
  }
}
