package io.switchboard.balance;

import java.util.Locale;

/** The balancing strategies a consumer group can use; each makes fresh strategy instances. */
public enum Balancing {
  /** Each consumer in turn. */
  ROUND_ROBIN,
  /** The consumer with the fewest unacknowledged deliveries (least connections). */
  LEAST_OUTSTANDING,
  /** In proportion to declared capacity (heterogeneous GPUs). */
  WEIGHTED,
  /** The less loaded of two consumers drawn at random. */
  POWER_OF_TWO,
  /** The same key to the same consumer while it has credit, else the next on the ring. */
  CONSISTENT_HASH,
  /** The consumer expected to finish soonest, from its measured service time. */
  SERVICE_TIME;

  /** Returns a new strategy instance; {@code seed} drives any randomness. */
  public BalancingStrategy newStrategy(long seed) {
    return BalancingStrategies.create(this, seed);
  }

  /**
   * Returns the strategy named exactly like {@code least-outstanding} or {@code LEAST_OUTSTANDING},
   * in any ASCII case; anything else (spaces, look-alike letters such as a dotless i) is refused.
   */
  public static Balancing parse(String name) {
    // String.equalsIgnoreCase alone would take 'ı' (U+0131) for 'i' and the Kelvin sign for 'k'
    boolean ascii = name.chars().allMatch(c -> c < 0x80);
    for (Balancing balancing : values()) {
      if (ascii
          && (balancing.configName().equalsIgnoreCase(name)
              || balancing.name().equalsIgnoreCase(name))) {
        return balancing;
      }
    }
    throw new IllegalArgumentException(
        "unknown balancing strategy '"
            + name
            + "', expected one of "
            + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  /** Returns the name used in config and JSON, like {@code least-outstanding}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
