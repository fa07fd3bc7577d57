package io.switchboard.runtime.grpc;

import com.typesafe.config.Config;
import io.switchboard.message.MessageLimits;
import java.time.Duration;

/**
 * The {@code switchboard.grpc} settings, checked once at start; every limit of the gRPC service is
 * one of these (docs/configuration.md).
 */
public record GrpcSettings(
    String iface,
    int port,
    int maxInboundMessageBytes,
    int maxBatch,
    int maxCredit,
    int maxDeliveriesPerResponse,
    int consumePrefetchPercent,
    int maxPublishesInFlight,
    int publishParallelism,
    int maxSettlesInFlight,
    int maxConcurrentStreamsPerConnection,
    Duration keepaliveTime,
    Duration keepaliveTimeout,
    Duration permitKeepaliveTime,
    Duration maxConnectionIdle,
    Duration maxNackDelay,
    Duration defaultRetryAfter,
    Duration shutdownDeadline) {

  /** Room for a message's envelope (id, names, protobuf framing) beyond its payload and headers. */
  static final int ENVELOPE_ROOM = 64 * 1024;

  /** The highest credit a library consumer takes. */
  private static final long LIBRARY_MAX_CREDIT = 100_000;

  public GrpcSettings {
    requireRange("port", port, 0, 65_535);
    requireRange("max-batch", maxBatch, 1, 100_000);
    requireRange("max-credit", maxCredit, 1, 100_000);
    requireRange("max-deliveries-per-response", maxDeliveriesPerResponse, 1, 10_000);
    requireRange("consume-prefetch-percent", consumePrefetchPercent, 0, 400);
    requireRange("max-publishes-in-flight", maxPublishesInFlight, 1, 10_000);
    requireRange("publish-parallelism", publishParallelism, 1, 1024);
    requireRange("max-settles-in-flight", maxSettlesInFlight, 1, 10_000);
    requireRange(
        "max-concurrent-streams-per-connection", maxConcurrentStreamsPerConnection, 1, 1_000_000);
    requirePositive("keepalive-time", keepaliveTime);
    requirePositive("keepalive-timeout", keepaliveTimeout);
    requirePositive("permit-keepalive-time", permitKeepaliveTime);
    requirePositive("max-connection-idle", maxConnectionIdle);
    requirePositive("max-nack-delay", maxNackDelay);
    requirePositive("default-retry-after", defaultRetryAfter);
    requirePositive("shutdown-deadline", shutdownDeadline);
  }

  /**
   * Reads the {@code switchboard} block: its {@code grpc} settings, checked against its {@code
   * limits}.
   */
  public static GrpcSettings fromConfig(Config switchboard) {
    Config grpc = switchboard.getConfig("grpc");
    GrpcSettings settings =
        new GrpcSettings(
            grpc.getString("interface"),
            grpc.getInt("port"),
            bytes(grpc, "max-inbound-message-bytes"),
            grpc.getInt("max-batch"),
            grpc.getInt("max-credit"),
            grpc.getInt("max-deliveries-per-response"),
            grpc.getInt("consume-prefetch-percent"),
            grpc.getInt("max-publishes-in-flight"),
            grpc.getInt("publish-parallelism"),
            grpc.getInt("max-settles-in-flight"),
            grpc.getInt("max-concurrent-streams-per-connection"),
            grpc.getDuration("keepalive-time"),
            grpc.getDuration("keepalive-timeout"),
            grpc.getDuration("permit-keepalive-time"),
            grpc.getDuration("max-connection-idle"),
            grpc.getDuration("max-nack-delay"),
            grpc.getDuration("default-retry-after"),
            grpc.getDuration("shutdown-deadline"));
    settings.requireRoomFor(MessageLimits.fromConfig(switchboard.getConfig("limits")));
    return settings;
  }

  /**
   * Returns how many deliveries a Consume stream of {@code credit} leases from the partitions: its
   * credit plus the prefetch, so that acks are answered from deliveries already on the node.
   */
  int leasedFor(long credit) {
    // the library's own ceiling (ConsumerSettings): past it the prefetch shrinks, never the credit
    return (int)
        Math.max(
            credit, Math.min(LIBRARY_MAX_CREDIT, credit + credit * consumePrefetchPercent / 100));
  }

  /** Throws unless one maximal message fits in one inbound gRPC message. */
  void requireRoomFor(MessageLimits limits) {
    long needed = (long) limits.maxPayloadBytes() + limits.maxHeaderBytes() + ENVELOPE_ROOM;
    if (maxInboundMessageBytes < needed) {
      throw new IllegalArgumentException(
          "switchboard.grpc.max-inbound-message-bytes ("
              + maxInboundMessageBytes
              + ") must be at least switchboard.limits.max-payload-bytes + max-header-bytes + 64 KiB ("
              + needed
              + "), or a message the node accepts over HTTP could not be published over gRPC");
    }
  }

  private static int bytes(Config config, String path) {
    long value = config.getBytes(path);
    if (value < 1024 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "switchboard.grpc." + path + " must be between 1 KiB and 2 GiB, got " + value);
    }
    return (int) value;
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "switchboard.grpc."
              + name
              + " must be between "
              + min
              + " and "
              + max
              + ", got "
              + value);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "switchboard.grpc." + name + " must be above 0, got " + value);
    }
  }
}
