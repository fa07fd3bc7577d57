package io.switchboard.internal.partition;

/** Asks once for the partition to stop when it has been idle for passivate-after. */
final class IdleTimer {
  private final long afterMillis;
  private long lastActivity;
  private Runnable passivate;

  IdleTimer(long afterMillis, long nowMillis) {
    this.afterMillis = afterMillis;
    this.lastActivity = nowMillis;
  }

  /** Sets what asks sharding to stop the partition. */
  void onIdle(Runnable passivate) {
    this.passivate = passivate;
  }

  /** Notes that the partition was used at {@code nowMillis}. */
  void touch(long nowMillis) {
    lastActivity = nowMillis;
  }

  /** Asks to passivate when {@code idle} and unused for longer than passivate-after. */
  void check(long nowMillis, boolean idle) {
    if (passivate != null && idle && nowMillis - lastActivity > afterMillis) {
      passivate.run();
      passivate = null; // once: sharding answers with the stop message
    }
  }
}
