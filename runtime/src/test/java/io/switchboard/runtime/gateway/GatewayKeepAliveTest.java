package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.EmulatorSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed answer that stays silent (a long time to first token) carries SSE comment lines every
 * {@code switchboard.gateway.sse-keepalive}, so no idle timeout on the way closes it, and the
 * answer that follows is whole.
 */
class GatewayKeepAliveTest {
  private static final String MODEL = "thinking-llama";

  @Test
  void aSilentStreamCarriesCommentLinesBetweenItsTokens(@TempDir Path dir) throws Exception {
    // the first token at once, then 1.2 s between tokens
    EmulatorSettings slow = EmulatorSettings.defaults(MODEL).withTiming(1e6, 0, 1.2e9);
    try (BackendEmulator emulator =
        BackendEmulator.start(slow, new InetSocketAddress("127.0.0.1", 0))) {
      Path config =
          Files.writeString(
              dir.resolve("gateway.conf"),
              "switchboard.gateway.sse-keepalive = 100ms\n"
                  + "switchboard.gateway.pools { \""
                  + MODEL
                  + "\" { backends = [{ url = \"http://127.0.0.1:"
                  + emulator.port()
                  + "/v1\" }] } }\n");
      SwitchboardNode node = LocalGatewayNode.start(config, dir.resolve("data"));
      try {
        String base = LocalGatewayNode.base(node);
        LocalGatewayNode.awaitPool(base, MODEL);

        List<String> lines =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\""
                                    + MODEL
                                    + "\",\"stream\":true,\"max_tokens\":3,"
                                    + "\"messages\":[{\"role\":\"user\",\"content\":\"think\"}]}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofLines())
                .body()
                .filter(line -> !line.isEmpty())
                .collect(Collectors.toList());

        List<String> data = lines.stream().filter(l -> l.startsWith("data:")).toList();
        assertThat(lines)
            .as("1.2 s silences at 100 ms: comment lines, nothing else but the answer")
            .filteredOn(line -> !line.startsWith("data:"))
            .hasSizeGreaterThanOrEqualTo(10)
            .containsOnly(": keep-alive");
        assertThat(lines.indexOf(": keep-alive"))
            .as("the first comment comes after the first chunk (the headers go with it)")
            .isGreaterThan(lines.indexOf(data.get(0)));
        assertThat(data).as("the answer, whole").last().isEqualTo("data: [DONE]");
        assertThat(data.stream().filter(l -> l.contains("\"content\"")).count())
            .as("content chunks: one a token")
            .isGreaterThanOrEqualTo(2);
      } finally {
        node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
      }
    }
  }
}
