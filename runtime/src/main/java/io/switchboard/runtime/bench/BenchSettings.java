package io.switchboard.runtime.bench;

import java.time.Duration;

/**
 * One benchmark run.
 *
 * @param rate messages per second over all producers; 0 for as fast as confirms come back
 * @param drain how long consumers may keep going after the producers stop
 * @param window publishes each producer keeps unconfirmed (targets that pipeline; others wait for
 *     each)
 * @param warmup how long producers and consumers run before the counts and latencies start (JIT,
 *     caches)
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
    int pullMax,
    int window,
    Duration warmup) {

  public BenchSettings {
    require("message size", messageSize, 0, 64 * 1024 * 1024);
    require("rate", rate, 0, Integer.MAX_VALUE);
    require("partitions", partitions, 1, 1024);
    require("producers", producers, 1, 10_000);
    require("consumers", consumers, 0, 10_000);
    require("pull max", pullMax, 1, 10_000);
    require("window", window, 1, 100_000);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warm-up must be 0 or more, got " + warmup);
    }
  }

  /** Returns settings without a warm-up. */
  public BenchSettings(
      String topic,
      int messageSize,
      int rate,
      boolean durable,
      int partitions,
      int producers,
      int consumers,
      Duration duration,
      Duration drain,
      int pullMax,
      int window) {
    this(
        topic,
        messageSize,
        rate,
        durable,
        partitions,
        producers,
        consumers,
        duration,
        drain,
        pullMax,
        window,
        Duration.ZERO);
  }

  /** Returns settings with one publish in flight per producer. */
  public BenchSettings(
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
    this(
        topic,
        messageSize,
        rate,
        durable,
        partitions,
        producers,
        consumers,
        duration,
        drain,
        pullMax,
        1);
  }

  private static void require(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
