package io.switchboard.balance;

/** Creates strategy instances for {@link Balancing}. */
final class BalancingStrategies {
  private BalancingStrategies() {}

  static BalancingStrategy create(Balancing kind, long seed) {
    return switch (kind) {
      case ROUND_ROBIN -> new RoundRobin();
      case LEAST_OUTSTANDING -> new LeastOutstanding();
      case WEIGHTED -> new Weighted();
      case POWER_OF_TWO -> new PowerOfTwo(seed);
      case CONSISTENT_HASH -> new ConsistentHash();
      case SERVICE_TIME -> new ServiceTime();
    };
  }
}
