package io.switchboard.simulator.scenario;

import io.switchboard.simulator.service.ServiceModel;
import java.util.List;

/**
 * A group of identical workers, like four H100 servers.
 *
 * @param name the kind's name; workers are named {@code name-0}, {@code name-1}, ...
 * @param count how many workers of this kind
 * @param concurrency batch slots per worker (messages served at once)
 * @param capacity declared capacity per worker, the weight seen by weighted balancing
 * @param nodes nodes the workers are placed on, in turn
 * @param service the service-time model
 * @param prefixCacheKeys how many recent keys each worker remembers (0 disables reuse)
 * @param prefixHitFraction fraction of prefill skipped when the key is remembered
 * @param errorRate probability that an attempt fails and is redelivered
 */
public record WorkerKind(
    String name,
    int count,
    int concurrency,
    double capacity,
    List<String> nodes,
    ServiceModel service,
    int prefixCacheKeys,
    double prefixHitFraction,
    double errorRate) {

  public WorkerKind {
    nodes = List.copyOf(nodes);
  }
}
