package io.switchboard.runtime.node;

import io.switchboard.Switchboard;
import io.switchboard.settings.CheckedConfig;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the topic registry every interval whether it answers within the timeout; a registry that
 * does not answer makes the node not ready ({@code /health/ready} 503 with the reason) until it
 * answers again. Runs on Pekko's internal dispatcher, away from the actors' default one.
 */
final class RegistryProbe {
  static final String NOT_ANSWERING = "registry not answering";
  private static final Logger log = LoggerFactory.getLogger(RegistryProbe.class);

  private final Switchboard switchboard;
  private final NodeReadiness readiness;
  private final Duration timeout;
  private final Executor executor;
  private volatile boolean probing;

  /**
   * The probe's settings ({@code switchboard.node.registry-probe-interval} and {@code -timeout}),
   * checked: both positive, the timeout no longer than the interval.
   */
  record Settings(Duration interval, Duration timeout) {
    Settings {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException(
            "switchboard.node.registry-probe-interval must be > 0, got " + interval);
      }
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) > 0) {
        throw new IllegalArgumentException(
            "switchboard.node.registry-probe-timeout must be > 0 and at most "
                + "registry-probe-interval ("
                + interval
                + "), got "
                + timeout);
      }
    }

    /** Reads the settings from a {@code switchboard.node} block. */
    static Settings fromConfig(CheckedConfig node) {
      return new Settings(
          node.positive("registry-probe-interval"), node.positive("registry-probe-timeout"));
    }
  }

  private RegistryProbe(
      Switchboard switchboard, NodeReadiness readiness, Duration timeout, Executor executor) {
    this.switchboard = switchboard;
    this.readiness = readiness;
    this.timeout = timeout;
    this.executor = executor;
  }

  /** Starts probing every interval; cancel the answer to stop. */
  static Cancellable start(
      ActorSystem<?> system, Switchboard switchboard, NodeReadiness readiness, Settings settings) {
    Executor executor =
        system
            .dispatchers()
            .lookup(DispatcherSelector.fromConfig("pekko.actor.internal-dispatcher"));
    RegistryProbe probe = new RegistryProbe(switchboard, readiness, settings.timeout(), executor);
    return system
        .scheduler()
        .scheduleWithFixedDelay(
            settings.interval(),
            settings.interval(),
            probe::probe,
            system
                .dispatchers()
                .lookup(DispatcherSelector.fromConfig("pekko.actor.internal-dispatcher")));
  }

  private void probe() {
    if (probing) {
      return; // the last probe has not come back yet: its timeout will say
    }
    probing = true;
    switchboard
        .probeRegistry(timeout)
        .whenCompleteAsync(
            (done, failure) -> {
              probing = false;
              String was = readiness.problem();
              readiness.registryProbed(failure == null ? null : NOT_ANSWERING);
              if (failure != null && was == null) {
                log.warn(
                    "The topic registry did not answer within {}: not ready until it does ({})",
                    timeout,
                    failure.toString());
              } else if (failure == null && was != null) {
                log.info("The topic registry answers again: ready");
              }
            },
            executor);
  }
}
