package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.auth.Grant;
import io.switchboard.runtime.auth.TokenFile;
import io.switchboard.runtime.auth.TokenHash;
import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.EmulatorSettings;
import io.switchboard.runtime.emulator.Fault;
import io.switchboard.runtime.emulator.NodeScripts;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.simulator.service.ServiceModel;
import io.switchboard.testing.QuickStop;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm client against a real node (authentication on) whose gateway
 * pools are served by in-process emulators: a healthy pool, a pool whose first backend dies
 * mid-stream on every call (continued with an assistant prefix, or regenerated), and a pool whose
 * backend is not there at all.
 *
 * <p>Over 400 lines on purpose: its cases share the node (and processes) it starts once, and the
 * suite's time is node starts; split by concern, each part would start its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayOpenAiClientTest {
  private static final String MODEL = "emulated-llama";
  private static final ObjectMapper JSON = new ObjectMapper();
  private BackendEmulator healthyA;
  private BackendEmulator healthyB;
  private BackendEmulator dying;
  private BackendEmulator slow;
  private BackendEmulator refusing;
  private SwitchboardNode node;
  private JsonNode scenarios;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    NodeScripts.install();
    healthyA = BackendEmulator.start(emulator(Fault.NONE), new InetSocketAddress("127.0.0.1", 0));
    healthyB = BackendEmulator.start(emulator(Fault.NONE), new InetSocketAddress("127.0.0.1", 0));
    dying =
        BackendEmulator.start(
            emulator(Fault.parse("die-after=5")), new InetSocketAddress("127.0.0.1", 0));
    // 50 ms a token: a stream aborted after 3 tokens is still far from its end when the cancel
    // arrives
    refusing =
        BackendEmulator.start(
            emulator(Fault.parse("status=503")), new InetSocketAddress("127.0.0.1", 0));
    slow =
        BackendEmulator.start(
            emulator(Fault.NONE).withTiming(2e6, 0.05e6, 50e6),
            new InetSocketAddress("127.0.0.1", 0));
    int nobody;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      nobody = free.getLocalPort(); // closed again: connections to it are refused
    }
    SecureRandom random = new SecureRandom();
    String secret = TokenHash.newSecret(random);
    String limitedSecret = TokenHash.newSecret(random);
    Path tokens =
        Files.writeString(
            dir.resolve("tokens.txt"),
            TokenFile.line(
                    "caller",
                    "team-a",
                    Grant.parseList("produce:gateway.*"),
                    TokenHash.hash(secret, random))
                + "\n"
                + TokenFile.line(
                    "limited",
                    "team-limited",
                    Grant.parseList("produce:gateway.*"),
                    TokenHash.hash(limitedSecret, random))
                + "\n");
    String config =
        """
        switchboard.auth { enabled = on, tokens-file = "%s" }
        switchboard.rate-limits { enabled = on, tenants { "team-limited" { requests-per-minute = 1 } } }
        switchboard.gateway.pool-defaults.retry-backoff = 300ms
        switchboard.gateway.pools {
          "%s" { backends = [{ url = "%s" }, { url = "%s" }] }
          "flaky-llama" { balancing = round-robin,
            backends = [{ url = "%s", model = "%s" }, { url = "%s", model = "%s" }] }
          "regenerate-llama" { balancing = round-robin,
            backends = [{ url = "%s", model = "%s", continuation = regenerate },
                        { url = "%s", model = "%s", continuation = regenerate }] }
          "dead-llama" { backends = [{ url = "http://127.0.0.1:%d/v1" }] }
          "slow-llama" { backends = [{ url = "%s", model = "%s" }] }
          "refusing-llama" { balancing = round-robin,
            backends = [{ url = "%s", model = "%s" }, { url = "%s", model = "%s" }] }
        }
        """
            .formatted(
                tokens,
                MODEL,
                url(healthyA),
                url(healthyB),
                url(dying),
                MODEL,
                url(healthyA),
                MODEL,
                url(dying),
                MODEL,
                url(healthyB),
                MODEL,
                nobody,
                url(slow),
                MODEL,
                url(refusing),
                MODEL,
                url(healthyB),
                MODEL);
    Path file = Files.writeString(dir.resolve("gateway.conf"), QuickStop.CONFIG + config);
    NodeSettings settings =
        new NodeSettings(
            List.of("local"),
            Optional.of(file),
            Optional.of(0),
            Optional.of(dir.resolve("data")),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(0),
            Optional.of(0));
    node =
        SwitchboardNode.start(NodeConfig.load(settings))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    String base = "http://127.0.0.1:" + node.httpAddress().getPort() + "/v1";
    awaitPools(base, TokenFile.token("caller", secret));
    scenarios =
        NodeScripts.json(
            "gateway-client.mjs",
            base,
            TokenFile.token("caller", secret),
            MODEL,
            "flaky-llama",
            "regenerate-llama",
            "dead-llama",
            "slow-llama",
            "refusing-llama",
            TokenFile.token("limited", limitedSecret));
  }

  private static EmulatorSettings emulator(Fault fault) {
    EmulatorSettings defaults = EmulatorSettings.defaults(MODEL);
    return new EmulatorSettings(
        MODEL,
        4096,
        ServiceModel.llm(2e6, 0.05e6, 5e6),
        60,
        120,
        0,
        16,
        256,
        true,
        64,
        384,
        fault,
        defaults.stallFor());
  }

  private static String url(BackendEmulator emulator) {
    return "http://127.0.0.1:" + emulator.port() + "/v1";
  }

  /** Waits until the connectors joined: a call then finds its pool available. */
  private static void awaitPools(String base, String token) {
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create(base + "/embeddings"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                        "{\"model\":\"" + MODEL + "\",\"input\":\"warm\"}"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }
    for (BackendEmulator emulator :
        new BackendEmulator[] {healthyA, healthyB, dying, slow, refusing}) {
      if (emulator != null) {
        emulator.close();
      }
    }
  }

  private JsonNode scenario(String name) {
    JsonNode seen = scenarios.get(name);
    assertThat(seen).as("scenario %s ran", name).isNotNull();
    assertThat(seen.has("crashed")).as("%s: %s", name, seen).isFalse();
    System.out.println(name + ": " + seen);
    return seen;
  }

  @Test
  void streamsAChatAnswerAsOpenAiDoesAndTheSameAnswerWhole() {
    JsonNode seen = scenario("chat");
    JsonNode streamed = seen.get("streamed");
    JsonNode whole = seen.get("whole");
    assertThat(whole.get("object").asText()).isEqualTo("chat.completion");
    assertThat(whole.get("id").asText()).startsWith("chatcmpl-");
    assertThat(whole.get("model").asText()).isEqualTo(MODEL);
    String text = whole.at("/choices/0/message/content").asText();
    assertThat(text).isNotBlank().isEqualTo(streamed.get("text").asText());
    assertThat(streamed.get("roles")).hasSize(1);
    assertThat(streamed.get("ids")).hasSize(1);
    assertThat(streamed.at("/ids/0").asText()).startsWith("chatcmpl-");
    assertThat(streamed.get("models"))
        .hasSize(1)
        .first()
        .extracting(JsonNode::asText)
        .isEqualTo(MODEL);
    assertThat(streamed.get("finishReasons")).hasSize(1);
    assertThat(streamed.at("/usage/completion_tokens"))
        .isEqualTo(whole.at("/usage/completion_tokens"));
    assertThat(streamed.at("/usage/prompt_tokens")).isEqualTo(whole.at("/usage/prompt_tokens"));
    // without stream_options.include_usage the usage event is not sent
    assertThat(seen.at("/noUsage/usage").isNull()).isTrue();
    assertThat(seen.at("/noUsage/text").asText()).isEqualTo(text);
  }

  @Test
  void answersCompletionsWholeAndStreamed() {
    JsonNode seen = scenario("completions");
    assertThat(seen.at("/whole/object").asText()).isEqualTo("text_completion");
    assertThat(seen.at("/whole/id").asText()).startsWith("cmpl-");
    assertThat(seen.at("/streamed/text").asText())
        .isEqualTo(seen.at("/whole/choices/0/text").asText())
        .isNotBlank();
    assertThat(seen.at("/whole/usage/completion_tokens").asInt()).isEqualTo(12);
    assertThat(seen.at("/streamed/usage/completion_tokens").asInt()).isEqualTo(12);
  }

  @Test
  void embedsThroughThePool() {
    JsonNode seen = scenario("embeddings");
    assertThat(seen.get("object").asText()).isEqualTo("list");
    assertThat(seen.get("model").asText()).isEqualTo(MODEL);
    assertThat(seen.get("count").asInt()).isEqualTo(2);
    assertThat(seen.get("dimensions").asInt()).isEqualTo(384);
    assertThat(seen.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void listsThePoolsTheCallerMayUse() {
    assertThat(scenario("models").get("ids"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "dead-llama", MODEL, "flaky-llama", "refusing-llama", "regenerate-llama", "slow-llama");
  }

  @Test
  void refusesUnknownModelsBadBodiesAndBadKeysInOpenAisShape() {
    JsonNode unknown = scenario("unknown-model");
    assertThat(unknown.get("error").asText()).isEqualTo("NotFoundError");
    assertThat(unknown.get("status").asInt()).isEqualTo(404);
    assertThat(unknown.get("code").asText()).isEqualTo("model_not_found");
    JsonNode bad = scenario("bad-request");
    assertThat(bad.get("error").asText()).isEqualTo("BadRequestError");
    assertThat(bad.get("status").asInt()).isEqualTo(400);
    assertThat(bad.get("message").asText()).contains("messages");
    JsonNode key = scenario("bad-key");
    assertThat(key.get("error").asText()).isEqualTo("AuthenticationError");
    assertThat(key.get("status").asInt()).isEqualTo(401);
    assertThat(key.get("code").asText()).isEqualTo("invalid_api_key");
  }

  @Test
  void aClientThatAbortsStopsTheBackendGenerating() throws Exception {
    JsonNode seen = scenario("abort");
    // the openai client ends the for-await loop quietly on abort (7.x); what matters is the backend
    assertThat(seen.get("chunks").asInt()).isEqualTo(3);
    // the backend's connection was closed: the emulator ended that generation early, and runs none
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode seenBySlow = stats(slow);
              assertThat(seenBySlow.get("generations").asInt()).isEqualTo(1);
              assertThat(seenBySlow.get("dropped").asInt()).isEqualTo(1);
              assertThat(seenBySlow.get("completed").asInt()).isZero();
              assertThat(seenBySlow.get("running").asInt()).isZero();
            });
  }

  @Test
  void aBackendDyingMidStreamIsContinuedElsewhereWithNoGapOrRepeat() throws Exception {
    JsonNode runs = scenario("failover").get("runs");
    for (JsonNode run : runs) {
      JsonNode reference = run.get("reference");
      JsonNode survived = run.get("survived");
      assertThat(survived.get("text").asText())
          .isEqualTo(reference.get("text").asText())
          .isNotBlank();
      assertThat(survived.get("roles")).hasSize(1);
      assertThat(survived.get("ids")).hasSize(1);
      assertThat(survived.get("finishReasons")).hasSize(1);
      assertThat(survived.at("/usage/completion_tokens"))
          .isEqualTo(reference.at("/usage/completion_tokens"));
      assertThat(survived.at("/usage/prompt_tokens"))
          .isEqualTo(reference.at("/usage/prompt_tokens"));
    }
    // the dying backend took calls (and broke each): they were continued, not restarted
    assertThat(stats(dying).get("generations").asInt()).isPositive();
    assertThat(stats(dying).get("completed").asInt()).isZero();
  }

  @Test
  void aBackendWithoutContinuationRegeneratesAndTheCallerSeesNoRepeat() {
    for (JsonNode run : scenario("regenerate").get("runs")) {
      assertThat(run.get("survived").asText())
          .isEqualTo(run.get("reference").asText())
          .isNotBlank();
      assertThat(run.get("roles")).hasSize(1);
    }
  }

  @Test
  void aBackendAnswering503LosesItsCallsToAnotherBackend() throws Exception {
    for (JsonNode run : scenario("backend-503").get("runs")) {
      assertThat(run.get("survived").asText())
          .isEqualTo(run.get("reference").asText())
          .isNotBlank();
    }
    assertThat(stats(refusing).get("status_faults").asInt()).isPositive();
  }

  @Test
  void aBackendsOwn400IsTheCallersError() {
    JsonNode seen = scenario("backend-400");
    assertThat(seen.get("error").asText()).isEqualTo("BadRequestError");
    assertThat(seen.get("status").asInt()).isEqualTo(400);
    assertThat(seen.get("message").asText()).contains("max_tokens");
  }

  @Test
  void aPoolWithoutBackendsTimesOutThenAnswers503() {
    JsonNode deadline = scenario("deadline");
    assertThat(deadline.get("status").asInt()).isEqualTo(504);
    assertThat(deadline.get("type").asText()).isEqualTo("timeout");
    JsonNode none = scenario("no-backend");
    assertThat(none.get("status").asInt()).isEqualTo(503);
    assertThat(none.get("code").asText()).isEqualTo("no_backend");
  }

  private static JsonNode stats(BackendEmulator emulator) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + emulator.port() + "/emulator/stats"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  @Test
  void aTenantOverItsRateLimitGetsOpenAisRateLimitErrorWithRetryAfter() {
    JsonNode seen = scenario("rate-limit");
    assertThat(seen.get("first").asInt()).isEqualTo(1);
    JsonNode second = seen.get("second");
    assertThat(second.isNull()).as("the second call of the minute was refused: %s", seen).isFalse();
    assertThat(second.get("error").asText()).isEqualTo("RateLimitError");
    assertThat(second.get("status").asInt()).isEqualTo(429);
    assertThat(second.get("code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(Integer.parseInt(second.get("retryAfter").asText())).isBetween(1, 60);
  }
}
