package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM under load: batch publishes and long polls in flight all get an HTTP answer (a confirm,
 * an early empty long poll, or 503 STOPPING), none a reset; the listener closes only then, and
 * every confirmed message is there after a restart.
 */
class ShutdownIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PUBLISHERS = 8;
  private static final int POLLERS = 4;
  private static final int BATCH = 20;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pollsSent = new AtomicInteger();
  private volatile long sigtermAt = Long.MAX_VALUE;
  private NodeProcess node;

  /** What one request got; {@code sentAt} and {@code answeredAt} in System.nanoTime. */
  private record Outcome(String kind, String detail, boolean poll, long sentAt, long answeredAt) {}

  @AfterEach
  void stop() {
    if (node != null) {
      node.stopQuietly();
    }
  }

  @Test
  void answersEveryRequestInFlightAndKeepsEveryConfirmedMessage() throws Exception {
    Path work =
        Files.createDirectories(
                Path.of("target", "shutdown-it", "run-" + System.currentTimeMillis()))
            .toAbsolutePath();
    Path jar = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));
    List<String> options = List.of("--data-dir", work.resolve("data").toString());
    node = new NodeProcess("stopping", work);
    node.start(jar, options, Map.of());
    awaitReadyLine();
    post("/v1/topics", Map.of("name", "kept", "partitions", 2, "durable", true));
    post("/v1/topics/kept/groups", Map.of("name", "g"));
    post("/v1/topics", Map.of("name", "idle", "partitions", 1));
    post("/v1/topics/idle/groups", Map.of("name", "w"));

    ExecutorService clients = Executors.newFixedThreadPool(PUBLISHERS + POLLERS);
    for (int i = 0; i < PUBLISHERS; i++) {
      int publisher = i;
      clients.submit(() -> publishUntilRefused(publisher));
    }
    for (int i = 0; i < POLLERS; i++) {
      clients.submit(this::pollUntilRefused);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> confirmed.size() >= 400 && pollsSent.get() >= POLLERS);

    sigtermAt = System.nanoTime();
    assertThat(node.terminate(60)).as("exits after SIGTERM").isTrue();
    long exitedMs = (System.nanoTime() - sigtermAt) / 1_000_000;
    clients.shutdown();
    assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    Map<String, Long> kinds =
        outcomes.stream()
            .collect(Collectors.groupingBy(Outcome::kind, TreeMap::new, Collectors.counting()));
    System.out.printf(
        "ShutdownIT: exited %d ms after SIGTERM; %d confirmed messages; answers %s%n",
        exitedMs, confirmed.size(), kinds);
    assertThat(node.exitValue()).isIn(0, 143);
    assertThat(outcomes)
        .as("every request got an HTTP answer: a confirm, a pull or 503 STOPPING")
        .allSatisfy(outcome -> assertThat(outcome.kind()).isIn("200", "503 STOPPING", "refused"));
    List<Outcome> pollsInFlight =
        outcomes.stream()
            .filter(o -> o.poll() && o.sentAt() < sigtermAt && o.answeredAt() > sigtermAt)
            .toList();
    assertThat(pollsInFlight)
        .as("long polls in flight at SIGTERM")
        .isNotEmpty()
        .allSatisfy(
            poll ->
                assertThat((poll.answeredAt() - sigtermAt) / 1_000_000)
                    .as("a long poll answers early when the node stops")
                    .isLessThan(5_000));
    assertThat(outcomes)
        .as("the listener closed after the answers")
        .anySatisfy(outcome -> assertThat(outcome.kind()).isIn("503 STOPPING", "refused"));

    node.start(jar, options, Map.of());
    awaitReadyLine();
    Set<String> stored = new HashSet<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              for (JsonNode delivery :
                  post("/v1/topics/kept/groups/g/pull", Map.of("max", 1000, "waitMs", 500))
                      .path("deliveries")) {
                stored.add(delivery.path("message").path("id").asText());
              }
              return stored.containsAll(confirmed);
            });
  }

  private void publishUntilRefused(int publisher) {
    for (int batch = 0; ; batch++) {
      List<Map<String, Object>> messages = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        messages.add(
            Map.of("key", "p" + publisher + "-" + i, "payload", Map.of("batch", batch, "i", i)));
      }
      Outcome outcome =
          send(
              "/v1/topics/kept/messages",
              Map.of("messages", messages),
              false,
              body -> {
                for (JsonNode confirm : body.path("confirms")) {
                  confirmed.add(confirm.path("messageId").asText());
                }
              });
      if (!outcome.kind().equals("200")) {
        return;
      }
    }
  }

  private void pollUntilRefused() {
    while (true) {
      pollsSent.incrementAndGet();
      Outcome outcome =
          send("/v1/topics/idle/groups/w/pull", Map.of("max", 1, "waitMs", 20_000), true, b -> {});
      if (!outcome.kind().equals("200")) {
        return;
      }
    }
  }

  private Outcome send(
      String path, Object body, boolean poll, java.util.function.Consumer<JsonNode> onOk) {
    long sent = System.nanoTime();
    Outcome outcome;
    try {
      HttpResponse<byte[]> response =
          http.send(request(path, body), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json = json(response.body());
      if (response.statusCode() == 200) {
        onOk.accept(json);
        outcome = new Outcome("200", "", poll, sent, System.nanoTime());
      } else {
        outcome =
            new Outcome(
                response.statusCode() + " " + json.path("error").path("code").asText(),
                new String(response.body()),
                poll,
                sent,
                System.nanoTime());
      }
    } catch (ConnectException e) {
      outcome = new Outcome("refused", e.toString(), poll, sent, System.nanoTime());
    } catch (IOException e) {
      outcome = new Outcome("no answer", e.toString(), poll, sent, System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = new Outcome("interrupted", "", poll, sent, System.nanoTime());
    }
    outcomes.add(outcome);
    return outcome;
  }

  private static JsonNode json(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode("not JSON: " + new String(body));
    }
  }

  private HttpRequest request(String path, Object body) throws IOException {
    return HttpRequest.newBuilder(URI.create(node.url() + path))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
        .build();
  }

  private void awaitReadyLine() {
    String line = "Switchboard node ready: HTTP API on http://127.0.0.1:" + node.httpPort;
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .alias("'" + line + "' in " + node.log())
        .until(() -> node.alive() && lastRun().contains(line));
  }

  private String lastRun() throws IOException {
    String log = Files.readString(node.log());
    return log.substring(log.lastIndexOf("==== starting"));
  }

  private JsonNode post(String path, Object body) throws Exception {
    HttpResponse<byte[]> response =
        http.send(request(path, body), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode() / 100)
        .as(path + ": " + new String(response.body()))
        .isEqualTo(2);
    return JSON.readTree(response.body());
  }
}
