package io.switchboard.simulator.traffic;

/**
 * How a stream picks message keys: none (spread in turn over partitions), uniform or zipf over
 * {@code conversations} keys named {@code prefix + n}.
 *
 * @param shape which keys appear how often
 * @param conversations how many distinct keys
 * @param exponent the zipf exponent s (key n has weight 1/n^s)
 * @param prefix the key name prefix
 */
public record KeySpec(Shape shape, int conversations, double exponent, String prefix) {

  /** How often each key appears. */
  public enum Shape {
    NONE,
    UNIFORM,
    ZIPF
  }

  /** Returns the spec for unkeyed messages. */
  public static KeySpec none() {
    return new KeySpec(Shape.NONE, 0, 0, "");
  }
}
