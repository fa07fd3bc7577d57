package io.switchboard.runtime.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the benchmark talks to. Calls block the calling worker thread; implementations must be safe
 * to call from several threads at once.
 */
public interface BenchTarget extends AutoCloseable {

  /** Header carrying the producer's {@link System#nanoTime()} at send. */
  String SENT_HEADER = "bench-sent-ns";

  /**
   * Creates the topic (if missing) and the consumer group {@code group}; returns whether it created
   * the topic (then the run deletes it at the end).
   */
  boolean prepare(BenchSettings settings, String group) throws Exception;

  /** Deletes a topic the benchmark created. */
  void deleteTopic(String topic) throws Exception;

  /** Publishes one message and returns once it is confirmed. */
  void publish(String topic, byte[] payload, long sentNanos) throws Exception;

  /**
   * Publishes one message; the future completes once it is confirmed. By default it blocks in
   * {@link #publish}; targets that pipeline (gRPC) return at once, and the run keeps up to its
   * window of them unconfirmed per producer.
   */
  default CompletableFuture<?> publishAsync(String topic, byte[] payload, long sentNanos) {
    try {
      publish(topic, payload, sentNanos);
      return CompletableFuture.completedFuture(null);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Returns up to {@code max} deliveries, waiting up to {@code wait} for the first. */
  List<Received> pull(String topic, String group, int max, Duration wait) throws Exception;

  /** Acknowledges deliveries by receipt. */
  void ack(String topic, String group, List<String> receipts) throws Exception;

  /** Releases what the target holds (connections, an in-process node). */
  @Override
  void close();

  /** One delivery: its receipt and the producer's send time. */
  record Received(String receipt, long sentNanos) {}
}
