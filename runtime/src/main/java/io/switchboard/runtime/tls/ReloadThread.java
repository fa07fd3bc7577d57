package io.switchboard.runtime.tls;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one daemon thread on which certificates and keys are read again: a reload must never keep the
 * JVM from exiting.
 */
final class ReloadThread {
  private ReloadThread() {}

  /** Returns a single-thread scheduler whose daemon thread is called {@code name}. */
  static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
