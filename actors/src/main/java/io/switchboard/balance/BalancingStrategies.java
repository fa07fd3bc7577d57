package io.switchboard.balance;

/** Creates strategy instances for {@link Balancing}. */
final class BalancingStrategies {
  private BalancingStrategies() {}

  static BalancingStrategy create(Balancing kind, long seed) {
    return switch (kind) {
      case ROUND_ROBIN -> new RoundRobin();
      default -> throw new UnsupportedOperationException(kind + " is not implemented yet");
    };
  }
}
