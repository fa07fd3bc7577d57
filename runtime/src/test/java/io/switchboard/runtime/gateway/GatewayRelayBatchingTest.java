package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.internal.journal.JournalCounts;
import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.EmulatorSettings;
import io.switchboard.runtime.emulator.Fault;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.simulator.service.ServiceModel;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend that streams faster than the journal stores: the connector gathers the events that
 * arrive while a reply is being stored into one reply, and the caller still reads every event as
 * its own {@code data:} line, in order, once, exactly as the backend sent them.
 */
class GatewayRelayBatchingTest {
  private static final String MODEL = "fast-llama";
  private static final int TOKENS = 300;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aFastStreamIsStoredInFewerWritesThanTokensAndTheCallerGetsEveryTokenInOrderOnce(
      @TempDir Path dir) throws Exception {
    // 0.05 ms a token: events arrive far faster than one journal write per event could store them
    EmulatorSettings fast =
        new EmulatorSettings(
            MODEL,
            4096,
            ServiceModel.llm(1e6, 0, 0.05e6),
            TOKENS,
            TOKENS,
            0,
            16,
            256,
            false,
            64,
            384,
            Fault.NONE,
            Duration.ofMinutes(1));
    try (BackendEmulator emulator =
        BackendEmulator.start(fast, new InetSocketAddress("127.0.0.1", 0))) {
      String direct = "http://127.0.0.1:" + emulator.port() + "/v1";
      Path config =
          Files.writeString(
              dir.resolve("gateway.conf"),
              QuickStop.CONFIG
                  + "switchboard.gateway.pools { \""
                  + MODEL
                  + "\" { backends = [{ url = \""
                  + direct
                  + "\" }] } }\n");
      NodeSettings settings =
          new NodeSettings(
              List.of("local"),
              Optional.of(config),
              Optional.of(0),
              Optional.of(dir.resolve("data")),
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(0),
              Optional.of(0));
      SwitchboardNode node =
          SwitchboardNode.start(NodeConfig.load(settings))
              .toCompletableFuture()
              .orTimeout(90, TimeUnit.SECONDS)
              .join();
      try {
        node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
        String gateway = "http://127.0.0.1:" + node.httpAddress().getPort() + "/v1";
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    post(
                                gateway + "/embeddings",
                                "{\"model\":\"" + MODEL + "\",\"input\":\"warm\"}")
                            .statusCode()
                        == 200);
        List<String> reference = contents(direct);

        long writes = JournalCounts.writes(node.system());
        List<String> relayed = contents(gateway);
        writes = JournalCounts.writes(node.system()) - writes;

        assertThat(reference).hasSizeGreaterThan(TOKENS / 2);
        assertThat(relayed).containsExactlyElementsOf(reference);
        // a call costs a few writes besides its chunks (open, publish, start, end, ack)
        assertThat(writes)
            .as("journal writes for %d events", reference.size())
            .isLessThan(reference.size() / 2);
      } finally {
        node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
      }
    }
  }

  /** Streams one chat call and returns each event's delta content, in the order the lines came. */
  private List<String> contents(String base) throws Exception {
    HttpResponse<java.util.stream.Stream<String>> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\""
                            + MODEL
                            + "\",\"seed\":7,\"stream\":true,"
                            + "\"max_tokens\":"
                            + TOKENS
                            + ",\"messages\":[{\"role\":\"user\",\"content\":\"count to many\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    List<String> contents = new ArrayList<>();
    boolean done = false;
    for (String line : (Iterable<String>) response.body()::iterator) {
      if (!line.startsWith("data: ")) {
        assertThat(line).as("SSE framing: data lines and blank lines only").isEmpty();
        continue;
      }
      String data = line.substring(6);
      if (data.equals("[DONE]")) {
        done = true;
        continue;
      }
      JsonNode delta = JSON.readTree(data).path("choices").path(0).path("delta");
      if (delta.has("content")) {
        contents.add(delta.get("content").asText());
      }
    }
    assertThat(done).as("the stream ends with [DONE]").isTrue();
    return contents;
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
