package io.switchboard.runtime.auth;

import static io.switchboard.runtime.auth.SecuredNode.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.priority.SchedulingHeaders;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On real nodes: with authentication every publish and request path (HTTP topic, HTTP router, HTTP
 * request, gRPC Publish, gRPC Request) stores the principal's tenant in {@code switchboard-tenant}
 * over the client's; without, the client's header is stored as sent.
 */
class TenantStampTest {
  private static final Map<String, String> FORGED =
      Map.of(SchedulingHeaders.TENANT, "team-admin", "trace", "t-1");

  @Test
  void everyPublishAndRequestPathStampsThePrincipalsTenantOverTheClients() throws Exception {
    try (SecuredNode node = new SecuredNode();
        TenantCalls calls = new TenantCalls(node.node().httpAddress().getPort(), node.grpcPort())) {
      node.seed();
      node.admin("POST", "/v1/topics/" + TOPIC + "/groups", "{\"name\":\"stamps\"}");
      String producer = node.token("producer");

      assertThat(
              calls
                  .http(
                      producer,
                      "POST",
                      "/v1/topics/" + TOPIC + "/messages",
                      TenantCalls.message("http.topic", FORGED))
                  .statusCode())
          .isEqualTo(200);
      // the router needs produce on every topic: the admin, whose tenant is team-admin, claims
      // team-b
      assertThat(
              calls
                  .http(
                      node.token("admin"),
                      "POST",
                      "/v1/publish",
                      TenantCalls.message(
                          "orders.routed", Map.of(SchedulingHeaders.TENANT, "team-b")))
                  .statusCode())
          .isEqualTo(200);
      calls.httpRequest(producer, TOPIC, "http.request", FORGED);
      assertThat(
              calls.grpcPublish(producer, TOPIC, "grpc.publish", FORGED).getResults(0).hasConfirm())
          .isTrue();
      assertThat(
              calls
                  .grpcRequest(producer, TOPIC, "grpc.request", FORGED)
                  .get(30, TimeUnit.SECONDS)
                  .hasAccepted())
          .isTrue();

      Map<String, Map<String, String>> seen = pullAll(calls, node.token("admin"), 5);
      for (String type : List.of("http.topic", "http.request", "grpc.publish", "grpc.request")) {
        assertThat(seen.get(type))
            .as(type)
            .containsEntry(SchedulingHeaders.TENANT, "team-producer")
            .containsEntry("trace", "t-1");
      }
      assertThat(seen.get("orders.routed")).containsEntry(SchedulingHeaders.TENANT, "team-admin");
    }
  }

  @Test
  void withoutAuthenticationTheClientsHeaderIsStoredAsSent(@TempDir Path dir) throws Exception {
    NodeSettings settings =
        new NodeSettings(
            List.of("local"),
            Optional.empty(),
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
    try (TenantCalls calls =
        new TenantCalls(node.httpAddress().getPort(), node.grpcAddress().getPort())) {
      node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
      calls.http(null, "POST", "/v1/topics", "{\"name\":\"" + TOPIC + "\",\"partitions\":1}");
      calls.http(null, "POST", "/v1/topics/" + TOPIC + "/groups", "{\"name\":\"stamps\"}");

      calls.http(
          null,
          "POST",
          "/v1/topics/" + TOPIC + "/messages",
          TenantCalls.message("http.topic", FORGED));
      calls.http(
          null,
          "POST",
          "/v1/topics/" + TOPIC + "/messages",
          TenantCalls.message("http.none", Map.of()));
      calls.grpcPublish(null, TOPIC, "grpc.publish", FORGED);

      Map<String, Map<String, String>> seen = pullAll(calls, null, 3);
      assertThat(seen.get("http.topic")).isEqualTo(FORGED);
      assertThat(seen.get("grpc.publish")).isEqualTo(FORGED);
      assertThat(seen.get("http.none")).doesNotContainKey(SchedulingHeaders.TENANT);
    } finally {
      node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }
  }

  /**
   * Pulls the group {@code stamps} until {@code count} messages came; returns their headers by
   * type.
   */
  private static Map<String, Map<String, String>> pullAll(
      TenantCalls calls, String token, int count) {
    Map<String, Map<String, String>> seen = new LinkedHashMap<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              seen.putAll(calls.pullHeaders(token, TOPIC, "stamps"));
              return seen.size() >= count;
            });
    return seen;
  }
}
