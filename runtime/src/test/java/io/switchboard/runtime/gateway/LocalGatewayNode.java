package io.switchboard.runtime.gateway;

import static org.awaitility.Awaitility.await;

import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A single local node with a gateway configuration, as the gateway's benchmarks start it. */
final class LocalGatewayNode {
  private LocalGatewayNode() {}

  /** Starts a node (local profile, free ports) from {@code config} and waits until it is ready. */
  static SwitchboardNode start(Path config, Path dataDir) {
    SwitchboardNode node =
        SwitchboardNode.start(
                NodeConfig.load(
                    new NodeSettings(
                        List.of("local"),
                        Optional.of(config),
                        Optional.of(0),
                        Optional.of(dataDir),
                        List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(0),
                        Optional.of(0))))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    return node;
  }

  /** Returns the base URL of the node's OpenAI API. */
  static String base(SwitchboardNode node) {
    return "http://127.0.0.1:" + node.httpAddress().getPort() + "/v1";
  }

  /** Waits until {@code model}'s connectors joined: an embeddings call then answers 200. */
  static void awaitPool(String base, String model) {
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create(base + "/embeddings"))
                                .header("Content-Type", "application/json")
                                .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                        "{\"model\":\"" + model + "\",\"input\":\"warm\"}"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
  }
}
