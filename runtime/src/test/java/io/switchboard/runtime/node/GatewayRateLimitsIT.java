package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.EmulatorSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pool's rate limits hold across the nodes of a cluster (real node JVMs on PostgreSQL, the shared
 * cluster of the ITs): calls of one tenant sent to two nodes in turn are admitted up to the limit
 * once, not once per node. Counted per node, each node would admit the limit (the first four calls
 * below would all pass); counted once, the third and fourth are refused 429, on both nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedNodeCluster.class)
class GatewayRateLimitsIT implements SharedNodeCluster.User {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private NodeCluster cluster;
  private BackendEmulator emulator;

  @Override
  public void attach(NodeCluster shared) {
    cluster = shared;
  }

  @BeforeAll
  void startEmulator() throws Exception {
    emulator =
        BackendEmulator.start(
            EmulatorSettings.defaults("limited").withTiming(1e6, 0.01e6, 1e6),
            new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterAll
  void stopEmulator() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void requestsPerMinuteHoldAcrossTwoNodes() throws Exception {
    // 2 a minute: one more fits every 30 s, so the calls below (seconds apart) see the first two
    assertAdmittedOnce("rpm-limited", "{\"requests-per-minute\": 2}", 2);
  }

  @Test
  void tokensPerMinuteHoldAcrossTwoNodes() throws Exception {
    // each call costs 2 (prompt bytes / 4) + 43 (max_tokens) = 45 estimated tokens: two fit in
    // 90, and one more only 30 s later
    assertAdmittedOnce("tpm-limited", "{\"tokens-per-minute\": 90}", 2);
  }

  /**
   * Sends four calls of one tenant to two nodes in turn and asserts that the first {@code limit}
   * passed and the later ones were refused, on both nodes; a run slower than the refill of one call
   * (30 s) may see one more pass, and no more.
   */
  private void assertAdmittedOnce(String model, String limits, int limit) throws Exception {
    Calls calls = alternate(model, limits, 4);
    List<Integer> statuses = calls.statuses();
    Duration took = calls.took();
    assertThat(statuses.subList(0, limit)).as("the first calls, one per node").containsOnly(200);
    if (took.compareTo(Duration.ofSeconds(30)) < 0) {
      assertThat(statuses.subList(limit, statuses.size()))
          .as("every later call, on either node: the cluster's one count is spent")
          .containsOnly(429);
    } else {
      assertThat(statuses.stream().filter(status -> status == 200).count())
          .as("calls admitted in %s", took)
          .isLessThanOrEqualTo(limit + took.toSeconds() / 30);
    }
  }

  /** The statuses of calls in the order sent, and the time from the first to the last. */
  private record Calls(List<Integer> statuses, Duration took) {}

  /**
   * Defines a pool with {@code limits} on the first node, waits until both nodes serve it, and
   * sends {@code calls} calls of one tenant to the two nodes in turn.
   */
  private Calls alternate(String model, String limits, int calls) throws Exception {
    NodeProcess first = cluster.nodes.get(0);
    NodeProcess second = cluster.nodes.get(1);
    HttpResponse<String> defined =
        send(
            HttpRequest.newBuilder(URI.create(first.url() + "/v1/pools/" + model))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"backends\": [{\"url\": \"http://127.0.0.1:"
                            + emulator.port()
                            + "/v1\", \"model\": \"limited\"}], \"rate-limits\": "
                            + limits
                            + "}")));
    assertThat(defined.statusCode()).as(defined.body()).isEqualTo(200);
    // without a call (a call would spend the limit): each node lists the pool with a backend in
    for (NodeProcess node : List.of(first, second)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                HttpResponse<String> pool =
                    send(
                        HttpRequest.newBuilder(URI.create(node.url() + "/v1/pools/" + model))
                            .GET());
                return pool.statusCode() == 200
                    && JSON.readTree(pool.body()).path("available").asBoolean();
              });
    }
    List<Integer> statuses = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      NodeProcess node = i % 2 == 0 ? first : second;
      HttpResponse<String> answer = chat(node, model);
      statuses.add(answer.statusCode());
      if (answer.statusCode() == 429) {
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("message").asText())
            .contains("pool '" + model + "' rate-limits, counted across the cluster");
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
      } else {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      }
    }
    return new Calls(statuses, Duration.ofNanos(System.nanoTime() - start));
  }

  private HttpResponse<String> chat(NodeProcess node, String model) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(node.url() + "/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .header("x-switchboard-timeout-ms", "10000")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\": \""
                        + model
                        + "\", \"max_tokens\": 43, \"seed\": 1,"
                        + " \"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}")));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
