package io.switchboard.simulator.engine;

/**
 * Packs an event's kind, a generation and an index into one {@code long}.
 *
 * <p>The generation lets an event outlive the slot it names: a completion or lease event whose
 * delivery slot was freed and reused carries an old generation and is ignored.
 */
final class Events {
  static final int ARRIVAL = 1;
  static final int AT_PARTITION = 2;
  static final int AT_WORKER = 3;
  static final int COMPLETE = 4;
  static final int ACK = 5;
  static final int LEASE = 6;
  static final int SAMPLE = 7;
  static final int FAULT_DOWN = 8;
  static final int FAULT_UP = 9;
  static final int WARMUP_END = 10;
  static final int ARRIVALS_END = 11;

  private static final long INDEX_MASK = 0xFFFF_FFFFL;
  private static final long GEN_MASK = 0x0FFF_FFFFL;

  private Events() {}

  static long of(int kind, int generation, int index) {
    return ((long) kind << 60) | ((generation & GEN_MASK) << 32) | (index & INDEX_MASK);
  }

  static int kind(long event) {
    return (int) (event >>> 60);
  }

  static int generation(long event) {
    return (int) ((event >>> 32) & GEN_MASK);
  }

  static int index(long event) {
    return (int) (event & INDEX_MASK);
  }

  /** Returns a generation as stored in an event, for comparing with a slot's generation. */
  static int wrap(int generation) {
    return (int) (generation & GEN_MASK);
  }
}
