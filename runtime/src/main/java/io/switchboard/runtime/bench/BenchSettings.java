package io.switchboard.runtime.bench;

import java.time.Duration;

/**
 * One benchmark run.
 *
 * @param rate messages per second over all producers; 0 for as fast as confirms come back
 * @param drain how long consumers may keep going after the producers stop
 */
public record BenchSettings(
    String topic,
    int messageSize,
    int rate,
    boolean durable,
    int partitions,
    int producers,
    int consumers,
    Duration duration,
    Duration drain,
    int pullMax) {

  public BenchSettings {
    require("message size", messageSize, 0, 64 * 1024 * 1024);
    require("rate", rate, 0, Integer.MAX_VALUE);
    require("partitions", partitions, 1, 1024);
    require("producers", producers, 1, 10_000);
    require("consumers", consumers, 0, 10_000);
    require("pull max", pullMax, 1, 10_000);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
  }

  private static void require(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
