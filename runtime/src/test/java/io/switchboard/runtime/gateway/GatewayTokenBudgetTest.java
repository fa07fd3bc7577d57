package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.EmulatorSettings;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.testing.QuickStop;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend with a token budget never holds more estimated tokens than it: six calls of 43 tokens
 * each against a budget of 100 (and a max-concurrency of 8) run two at a time, the rest wait in the
 * pool's topic, one whose deadline passes while it waits ends 504, and one past the pool's
 * max-queued (7 calls held) is refused 429 with Retry-After.
 */
class GatewayTokenBudgetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "budget-llama";
  // 12 prompt bytes (3 tokens) + max_tokens 40: a cost of 43, two fit in 100, three do not
  private static final String CALL =
      "{\"model\":\""
          + MODEL
          + "\",\"max_tokens\":40,\"seed\":%d,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hold a slot\"}]}";

  @Test
  void callsPastABackendsTokenBudgetWaitInsteadOfOverfillingIt(@TempDir Path dir) throws Exception {
    // replies of 60 tokens or more, cut at max_tokens 40, at 50 ms a token: each call holds its
    // backend for 2 s
    EmulatorSettings defaults = EmulatorSettings.defaults(MODEL);
    EmulatorSettings settings =
        new EmulatorSettings(
                MODEL,
                4096,
                defaults.timing(),
                60,
                120,
                0,
                16,
                256,
                false,
                64,
                16,
                defaults.fault(),
                defaults.stallFor())
            .withTiming(1e6, 0.01e6, 50e6);
    try (BackendEmulator emulator =
        BackendEmulator.start(settings, new InetSocketAddress("127.0.0.1", 0))) {
      Path config =
          Files.writeString(
              dir.resolve("gateway.conf"),
              QuickStop.CONFIG
                  + """
              switchboard.gateway.pools {
                "%s" { max-queued = 7,
                       backends = [{ url = "http://127.0.0.1:%d/v1", max-concurrency = 8,
                                     token-budget = 100 }] }
              }
              """
                      .formatted(MODEL, emulator.port()));
      SwitchboardNode node =
          SwitchboardNode.start(
                  NodeConfig.load(
                      new NodeSettings(
                          List.of("local"),
                          Optional.of(config),
                          Optional.of(0),
                          Optional.of(dir.resolve("data")),
                          List.of(),
                          Optional.empty(),
                          Optional.empty(),
                          Optional.of(0),
                          Optional.of(0))))
              .toCompletableFuture()
              .orTimeout(90, TimeUnit.SECONDS)
              .join();
      try {
        node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
        URI chat =
            URI.create("http://127.0.0.1:" + node.httpAddress().getPort() + "/v1/chat/completions");
        HttpClient http = HttpClient.newHttpClient();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    send(http, chat, CALL.formatted(0), Optional.empty()).join().statusCode()
                        == 200);

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
          calls.add(send(http, chat, CALL.formatted(i), Optional.empty()));
        }
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> stats(http, emulator).get("running").asInt() == 2);
        // sent while two calls run: it waits at least for one to end, past its 800 ms
        CompletableFuture<HttpResponse<String>> late =
            send(http, chat, CALL.formatted(7), Optional.of(800L));
        // seven calls held (two in flight, five waiting): the most max-queued lets a partition hold
        URI topic =
            URI.create(
                "http://127.0.0.1:" + node.httpAddress().getPort() + "/v1/topics/gateway." + MODEL);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> get(http, topic).at("/stats/stored").asInt() == 7);
        HttpResponse<String> over = send(http, chat, CALL.formatted(8), Optional.empty()).join();
        assertThat(over.statusCode()).as(over.body()).isEqualTo(429);
        assertThat(over.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> lateAnswer = late.orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(lateAnswer.statusCode()).as(lateAnswer.body()).isEqualTo(504);
        assertThat(JSON.readTree(lateAnswer.body()).at("/error/code").asText())
            .isEqualTo("deadline_exceeded");
        for (CompletableFuture<HttpResponse<String>> call : calls) {
          HttpResponse<String> answer = call.orTimeout(60, TimeUnit.SECONDS).join();
          assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }

        JsonNode stats = stats(http, emulator);
        assertThat(stats.get("completed").asInt()).isEqualTo(7); // the warm-up call and six
        // never three calls of 43 tokens at once: the budget of 100 held the others back
        assertThat(stats.get("most_running").asInt()).isEqualTo(2);
      } finally {
        node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
      }
    }
  }

  private static CompletableFuture<HttpResponse<String>> send(
      HttpClient http, URI uri, String body, Optional<Long> timeoutMillis) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    timeoutMillis.ifPresent(ms -> request.header("x-switchboard-timeout-ms", Long.toString(ms)));
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(HttpClient http, URI uri) throws Exception {
    return JSON.readTree(
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private static JsonNode stats(HttpClient http, BackendEmulator emulator) throws Exception {
    return JSON.readTree(
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + emulator.port() + "/emulator/stats"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }
}
