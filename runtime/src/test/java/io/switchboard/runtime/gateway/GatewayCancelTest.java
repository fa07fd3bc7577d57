package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.EmulatorSettings;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.testing.QuickStop;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller of a whole (non-streaming) answer that closes its connection before the answer cancels
 * the call: the node closes the backend's connection and the emulated backend stops generating.
 */
class GatewayCancelTest {
  private static final String MODEL = "slow-llama";

  @Test
  void aWholeAnswersCallerThatGoesAwayStopsTheBackendGenerating(@TempDir Path dir)
      throws Exception {
    // 50 ms a token and 400 tokens: the answer is 20 s away when the caller leaves
    EmulatorSettings slow = EmulatorSettings.defaults(MODEL).withTiming(2e6, 0.05e6, 50e6);
    try (BackendEmulator emulator =
        BackendEmulator.start(slow, new InetSocketAddress("127.0.0.1", 0))) {
      Path config =
          Files.writeString(
              dir.resolve("gateway.conf"),
              QuickStop.CONFIG
                  + "switchboard.gateway.pools { \""
                  + MODEL
                  + "\" { backends = [{ url = \"http://127.0.0.1:"
                  + emulator.port()
                  + "/v1\" }] } }\n");
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
        int port = node.httpAddress().getPort();
        HttpClient http = HttpClient.newHttpClient();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    http.send(
                                HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/v1/embeddings"))
                                    .header("Content-Type", "application/json")
                                    .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                            "{\"model\":\"" + MODEL + "\",\"input\":\"warm\"}"))
                                    .build(),
                                HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                        == 200);

        String body =
            "{\"model\":\""
                + MODEL
                + "\",\"max_tokens\":400,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"tell me everything\"}]}";
        try (Socket caller = new Socket("127.0.0.1", port)) {
          OutputStream out = caller.getOutputStream();
          out.write(
              ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      + "Content-Length: "
                      + body.getBytes(StandardCharsets.UTF_8).length
                      + "\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.UTF_8));
          out.flush();
          await().atMost(Duration.ofSeconds(20)).until(() -> emulator.stats().running() == 1);
        } // the caller leaves, with no answer yet

        await()
            .atMost(Duration.ofSeconds(15))
            .untilAsserted(
                () -> {
                  assertThat(emulator.stats().dropped())
                      .as("generations the backend stopped early")
                      .isEqualTo(1);
                  assertThat(emulator.stats().running()).isZero();
                  assertThat(emulator.stats().completed()).isZero();
                });
      } finally {
        node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
      }
    }
  }
}
