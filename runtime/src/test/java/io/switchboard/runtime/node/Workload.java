package io.switchboard.runtime.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Producers publishing durable messages over HTTP (retrying an unconfirmed publish with the same id
 * and idempotency key on the next node) and consumers pulling and acking, over live nodes.
 */
final class Workload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String phase;
  private final String topic;
  private final List<NodeProcess> nodes;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final Set<String> confirmed = ConcurrentHashMap.newKeySet();

  /** Deliveries by message id; workloads on one topic may share it, as consumers of one group. */
  final Map<String, AtomicInteger> delivered;

  final AtomicLong lastPublishFailureNanos = new AtomicLong();
  final AtomicLong publishFailures = new AtomicLong();

  /** How failed publish attempts ended: the error code of the answer, or what the client saw. */
  final Map<String, AtomicInteger> failureCodes = new ConcurrentHashMap<>();

  /** Answers 503 or 429 without a Retry-After header: a client could not tell when to retry. */
  final AtomicInteger retryableWithoutRetryAfter = new AtomicInteger();

  /** The longest a failed publish attempt took to fail. */
  final AtomicLong longestFailedAttemptNanos = new AtomicLong();

  /** The longest time between two confirms of any producer: how long publishing stood still. */
  final AtomicLong longestConfirmGapNanos = new AtomicLong();

  private final AtomicLong lastConfirmNanos = new AtomicLong(System.nanoTime());
  private final AtomicBoolean producing = new AtomicBoolean(true);
  private final AtomicBoolean consuming = new AtomicBoolean(true);
  private final AtomicInteger sequence = new AtomicInteger();
  private final List<Thread> producers = new ArrayList<>();
  private final List<Thread> consumers = new ArrayList<>();

  Workload(String phase, String topic, List<NodeProcess> nodes) {
    this(phase, topic, nodes, new ConcurrentHashMap<>());
  }

  /** A workload whose consumers count their deliveries in {@code delivered}, shared with others. */
  Workload(
      String phase, String topic, List<NodeProcess> nodes, Map<String, AtomicInteger> delivered) {
    this.phase = phase;
    this.topic = topic;
    this.nodes = nodes;
    this.delivered = delivered;
  }

  void start(int producerCount, int consumerCount) {
    for (int i = 0; i < producerCount; i++) {
      producers.add(daemon(phase + "-producer-" + i, this::produce));
    }
    for (int i = 0; i < consumerCount; i++) {
      int first = i;
      consumers.add(daemon(phase + "-consumer-" + i, () -> consume(first)));
    }
  }

  void stopProducing() throws InterruptedException {
    producing.set(false);
    for (Thread producer : producers) {
      producer.join(TimeUnit.SECONDS.toMillis(60));
    }
  }

  void stopConsuming() throws InterruptedException {
    consuming.set(false);
    for (Thread consumer : consumers) {
      consumer.join(TimeUnit.SECONDS.toMillis(30));
    }
  }

  Set<String> missing() {
    Set<String> missing = ConcurrentHashMap.newKeySet();
    confirmed.stream().filter(id -> !delivered.containsKey(id)).forEach(missing::add);
    return missing;
  }

  long duplicates() {
    return delivered.values().stream().mapToLong(count -> count.get() - 1).sum();
  }

  private void produce() {
    int node = sequence.get();
    while (producing.get()) {
      String id = phase + "-" + sequence.incrementAndGet();
      Map<String, Object> body =
          Map.of("id", id, "idempotencyKey", id, "payload", Map.of("id", id));
      while (true) {
        NodeProcess target = live(node++);
        long sentAt = System.nanoTime();
        if (target != null && publish(target, body)) {
          confirmed.add(id);
          long now = System.nanoTime();
          longestConfirmGapNanos.accumulateAndGet(now - lastConfirmNanos.getAndSet(now), Math::max);
          break;
        }
        publishFailures.incrementAndGet();
        lastPublishFailureNanos.set(System.nanoTime());
        longestFailedAttemptNanos.accumulateAndGet(System.nanoTime() - sentAt, Math::max);
        pause();
        if (!producing.get() && target == null) {
          break;
        }
      }
    }
  }

  private void consume(int first) {
    int node = first;
    while (consuming.get()) {
      NodeProcess target = live(node++);
      if (target == null) {
        pause();
        continue;
      }
      String group = "/v1/topics/" + topic + "/groups/g/";
      JsonNode answer = post(target, group + "pull", Map.of("max", 50, "waitMs", 1000));
      if (answer == null) {
        pause();
        continue;
      }
      List<String> receipts = new ArrayList<>();
      for (JsonNode delivery : answer.path("deliveries")) {
        delivered
            .computeIfAbsent(delivery.path("message").path("id").asText(), k -> new AtomicInteger())
            .incrementAndGet();
        receipts.add(delivery.path("receipt").asText());
      }
      if (!receipts.isEmpty()) {
        post(target, group + "ack", Map.of("receipts", receipts));
      }
    }
  }

  private NodeProcess live(int index) {
    for (int i = 0; i < nodes.size(); i++) {
      NodeProcess node = nodes.get(Math.floorMod(index + i, nodes.size()));
      if (node.alive()) {
        return node;
      }
    }
    return null;
  }

  /** Returns whether the publish was confirmed; counts how it failed otherwise. */
  private boolean publish(NodeProcess node, Object body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(node.url() + "/v1/topics/" + topic + "/messages"))
              .timeout(Duration.ofSeconds(15))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
              .build();
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if (status / 100 == 2) {
        return true;
      }
      if ((status == 503 || status == 429)
          && response.headers().firstValue("Retry-After").isEmpty()) {
        retryableWithoutRetryAfter.incrementAndGet();
      }
      failed(status + " " + JSON.readTree(response.body()).path("error").path("code").asText("?"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.net.http.HttpTimeoutException e) {
      failed("client timeout");
    } catch (Exception e) {
      failed(e.getClass().getSimpleName());
    }
    return false;
  }

  private void failed(String how) {
    failureCodes.computeIfAbsent(how, k -> new AtomicInteger()).incrementAndGet();
  }

  /** Returns the JSON answer of a 2xx, or null for anything else (refused, failed, timed out). */
  private JsonNode post(NodeProcess node, String path, Object body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(node.url() + path))
              .timeout(Duration.ofSeconds(15))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
              .build();
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return response.statusCode() / 100 == 2 ? JSON.readTree(response.body()) : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      return null;
    }
  }

  private static Thread daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void pause() {
    // a failed call is retried on the next node after a short pause, not in a hot loop
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
  }
}
