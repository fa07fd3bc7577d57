package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.protocol.v1.DefinePoolRequest;
import io.switchboard.protocol.v1.DeletePoolRequest;
import io.switchboard.protocol.v1.GetPoolRequest;
import io.switchboard.protocol.v1.ListPoolsRequest;
import io.switchboard.protocol.v1.Pool;
import io.switchboard.protocol.v1.SwitchboardGrpc;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pools over the admin API against a real node and an emulated backend: defined at run time,
 * served, limited per tenant, still there after the node restarts, then deleted; configured pools
 * and bad definitions are refused saying why.
 */
class PoolRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aPoolDefinedAtRunTimeIsServedSurvivesARestartAndIsDeleted(@TempDir Path dir)
      throws Exception {
    try (BackendEmulator emulator =
        BackendEmulator.start(
            EmulatorSettings.defaults("llama"), new InetSocketAddress("127.0.0.1", 0))) {
      String backend = "http://127.0.0.1:" + emulator.port() + "/v1";
      Path config =
          Files.writeString(
              dir.resolve("gateway.conf"),
              QuickStop.CONFIG
                  + "switchboard.gateway.pools { \"configured\""
                  + " { backends = [{ url = \""
                  + backend
                  + "\", model = llama }] } }\n");
      String definition =
          "{\"max-attempts\": 2, \"backends\": [{\"url\": \""
              + backend
              + "\", \"model\": \"llama\"}],"
              + " \"rate-limits\": {\"requests-per-minute\": 2}}";

      SwitchboardNode first = start(dir, config);
      String api = "http://127.0.0.1:" + first.httpAddress().getPort() + "/v1";
      try {
        HttpResponse<String> defined = send("PUT", api + "/pools/team/llama", definition);
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(200);
        JsonNode view = JSON.readTree(defined.body());
        assertThat(view.path("source").asText()).isEqualTo("admin");
        assertThat(view.path("definition").path("max-attempts").asInt()).isEqualTo(2);
        assertThat(view.path("definition").path("topic").asText()).isEqualTo("gateway.team-llama");

        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> chat(api, "team/llama").statusCode() == 200);
        // the pool's limit of 2 a minute per tenant: the warm-up took one or two
        HttpResponse<String> limited = chat(api, "team/llama");
        for (int i = 0; i < 2 && limited.statusCode() == 200; i++) {
          limited = chat(api, "team/llama");
        }
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(limited.body()).path("error").path("code").asText())
            .isEqualTo("rate_limit_exceeded");

        HttpResponse<String> typo = send("PUT", api + "/pools/other", "{\"backend\": []}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("unknown key 'backend'");
        HttpResponse<String> badBackend =
            send(
                "PUT",
                api + "/pools/other",
                "{\"backends\": [{\"url\": \"" + backend + "\", \"max-concurency\": 3}]}");
        assertThat(badBackend.statusCode()).isEqualTo(400);
        assertThat(badBackend.body()).contains("unknown key 'backends[].max-concurency'");
        assertThat(send("GET", api + "/pools/other", null).statusCode()).isEqualTo(404);

        HttpResponse<String> configured = send("DELETE", api + "/pools/configured", null);
        assertThat(configured.statusCode()).isEqualTo(409);
        assertThat(configured.body())
            .contains("POOL_CONFIGURED")
            .contains("cannot be deleted at run time");
        assertThat(send("PUT", api + "/pools/configured", definition).statusCode()).isEqualTo(409);

        // the same over gRPC
        ManagedChannel channel =
            ManagedChannelBuilder.forAddress("127.0.0.1", first.grpcAddress().getPort())
                .usePlaintext()
                .build();
        try {
          var grpc = SwitchboardGrpc.newBlockingStub(channel);
          assertThat(grpc.listPools(ListPoolsRequest.getDefaultInstance()).getPoolsList())
              .extracting(pool -> pool.getModel() + " " + pool.getSource())
              .containsExactly("configured configuration", "team/llama admin");
          Pool pool = grpc.getPool(GetPoolRequest.newBuilder().setModel("team/llama").build());
          assertThat(JSON.readTree(pool.getDefinitionJson()).path("max-attempts").asInt())
              .isEqualTo(2);
          assertThatThrownBy(
                  () ->
                      grpc.definePool(
                          DefinePoolRequest.newBuilder()
                              .setModel("other")
                              .setDefinitionJson("{\"backend\": []}")
                              .build()))
              .isInstanceOfSatisfying(
                  StatusRuntimeException.class,
                  e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("unknown key 'backend'");
                  });
          assertThatThrownBy(
                  () ->
                      grpc.deletePool(
                          DeletePoolRequest.newBuilder().setModel("configured").build()))
              .isInstanceOfSatisfying(
                  StatusRuntimeException.class,
                  e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
          Pool workers =
              grpc.definePool(
                  DefinePoolRequest.newBuilder()
                      .setModel("grpc-llama")
                      .setDefinitionJson("{\"external-workers\": true}")
                      .build());
          assertThat(workers.getAvailable()).isTrue();
          grpc.deletePool(DeletePoolRequest.newBuilder().setModel("grpc-llama").build());
          assertThatThrownBy(
                  () -> grpc.getPool(GetPoolRequest.newBuilder().setModel("grpc-llama").build()))
              .isInstanceOfSatisfying(
                  StatusRuntimeException.class,
                  e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        } finally {
          channel.shutdownNow();
        }
      } finally {
        stop(first);
      }

      SwitchboardNode second = start(dir, config);
      String base = "http://127.0.0.1:" + second.httpAddress().getPort() + "/v1";
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> send("GET", base + "/pools/team/llama", null).statusCode() == 200);
        JsonNode list = JSON.readTree(send("GET", base + "/pools", null).body());
        assertThat(list.path("pools"))
            .extracting(pool -> pool.path("model").asText() + " " + pool.path("source").asText())
            .containsExactly("configured configuration", "team/llama admin");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> chat(base, "team/llama").statusCode() == 200);

        assertThat(send("DELETE", base + "/pools/team/llama", null).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = chat(base, "team/llama");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).path("error").path("code").asText())
            .isEqualTo("model_not_found");
        HttpResponse<String> again = send("DELETE", base + "/pools/team/llama", null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(again.body()).path("error").path("code").asText())
            .isEqualTo("UNKNOWN_POOL");
        assertThat(JSON.readTree(again.body()).path("error").path("message").asText())
            .isEqualTo("no pool 'team/llama' is defined at run time");
      } finally {
        stop(second);
      }
    }
  }

  private static SwitchboardNode start(Path dir, Path config) {
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
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    return node;
  }

  private static void stop(SwitchboardNode node) {
    node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  private HttpResponse<String> chat(String api, String model) throws Exception {
    return send(
        "POST",
        api + "/chat/completions",
        "{\"model\":\""
            + model
            + "\",\"max_tokens\":4,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
  }

  private HttpResponse<String> send(String method, String url, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
