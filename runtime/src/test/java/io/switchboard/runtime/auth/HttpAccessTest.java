package io.switchboard.runtime.auth;

import static io.switchboard.runtime.auth.SecuredNode.GROUP;
import static io.switchboard.runtime.auth.SecuredNode.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP route of the access table, and management, on a real node with authentication: called
 * anonymously, with a bad token, an expired JWT and a token lacking the right, it answers 401 or
 * 403 and the state an admin sees does not change.
 */
class HttpAccessTest {
  /** A request per row of the table, with a body that would change the state if it got through. */
  private static final Map<String, String> REQUESTS = new LinkedHashMap<>();

  static {
    String t = "/v1/topics/" + TOPIC;
    REQUESTS.put("GET /v1/topics", null);
    REQUESTS.put("POST /v1/topics", "{\"name\":\"orders-2\"}");
    REQUESTS.put("GET " + t, null);
    REQUESTS.put("DELETE " + t, null);
    REQUESTS.put("GET " + t + "/groups", null);
    REQUESTS.put("POST " + t + "/groups", "{\"name\":\"g2\"}");
    REQUESTS.put("DELETE " + t + "/groups/" + GROUP, null);
    REQUESTS.put("POST " + t + "/groups/" + GROUP + "/pull", "{\"max\":10}");
    REQUESTS.put("POST " + t + "/groups/" + GROUP + "/ack", "{\"receipts\":[\"0-0-1-0-0\"]}");
    REQUESTS.put("POST " + t + "/groups/" + GROUP + "/nack", "{\"receipts\":[\"0-0-1-0-0\"]}");
    REQUESTS.put("GET " + t + "/groups/" + GROUP + "/stream", null);
    REQUESTS.put("GET " + t + "/groups/" + GROUP + "/backlog", null);
    REQUESTS.put("POST " + t + "/messages", "{\"payload\":\"sneaked in\"}");
    REQUESTS.put("GET " + t + "/dead-letters", null);
    REQUESTS.put("POST " + t + "/dead-letters/replay", "{\"max\":10}");
    REQUESTS.put("POST " + t + "/dead-letters/purge", "{\"max\":10}");
    REQUESTS.put("GET /v1/routes", null);
    REQUESTS.put("POST /v1/routes", "{\"pattern\":\"sneak.*\",\"topic\":\"" + TOPIC + "\"}");
    REQUESTS.put("DELETE /v1/routes?pattern=orders.*&topic=" + TOPIC, null);
    REQUESTS.put("POST /v1/publish", "{\"type\":\"orders.created\",\"payload\":\"sneaked in\"}");
    REQUESTS.put("GET /metrics", null);
    REQUESTS.put("GET /v1/cluster/members", null);
    REQUESTS.put("GET /v1/simulator/scenarios", null);
    REQUESTS.put("POST /v1/simulator/runs", "{\"scenario\":\"mm1\"}");
    REQUESTS.put(
        "POST /v1/simulator/sweeps",
        "{\"scenario\":\"mm1\",\"key\":\"workers.server.count\",\"from\":1,\"to\":2}");
    REQUESTS.put("POST " + t + "/requests?stream=false", "{\"payload\":\"sneaked in\"}");
    REQUESTS.put("GET /v1/requests/01HZZZZZZZZZZZZZZZZZZZZZZZ/replies", null);
    REQUESTS.put("DELETE /v1/requests/01HZZZZZZZZZZZZZZZZZZZZZZZ", null);
    // the OpenAI gateway: the same refusals, in OpenAI's error shape
    REQUESTS.put(
        "POST /v1/chat/completions",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    REQUESTS.put("POST /v1/completions", "{\"model\":\"m\",\"prompt\":\"x\"}");
    REQUESTS.put("POST /v1/embeddings", "{\"model\":\"m\",\"input\":\"x\"}");
    REQUESTS.put("GET /v1/models", null);
    REQUESTS.put("GET /v1/pools", null);
    REQUESTS.put("GET /v1/pools/m", null);
    REQUESTS.put("PUT /v1/pools/sneaked", "{\"backends\":[{\"url\":\"http://127.0.0.1:9/v1\"}]}");
    REQUESTS.put("DELETE /v1/pools/m", null);
  }

  private static SecuredNode node;

  @BeforeAll
  static void start() {
    node = new SecuredNode();
    node.seed();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  void theWalkCoversEveryRowOfTheTable() {
    List<String> walked =
        REQUESTS.keySet().stream().map(HttpAccessTest::template).distinct().toList();
    assertThat(walked).containsExactlyInAnyOrderElementsOf(AccessTable.httpRoutes());
  }

  @Test
  void everyRouteRefusesCallersWithoutCredentialsOrTheRightAndChangesNothing() {
    List<String> before = node.state();
    Map<String, String> callers = new LinkedHashMap<>();
    callers.put("anonymous", null);
    callers.put("bad token", "sb.admin.notTheSecret");
    callers.put("garbage", "not-a-token");
    callers.put("expired JWT", node.expiredJwt());
    for (Map.Entry<String, String> request : REQUESTS.entrySet()) {
      for (Map.Entry<String, String> caller : callers.entrySet()) {
        HttpResponse<String> answer = call(request, caller.getValue());
        assertThat(answer.statusCode())
            .as(caller.getKey() + ": " + request.getKey() + " " + answer.body())
            .isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate"))
            .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        boolean openAi =
            List.of("/v1/chat", "/v1/completions", "/v1/embeddings", "/v1/models").stream()
                .anyMatch(
                    request.getKey().substring(request.getKey().indexOf(' ') + 1)::startsWith);
        assertThat(answer.body())
            .contains(openAi ? "\"code\":\"invalid_api_key\"" : "\"code\":\"UNAUTHENTICATED\"");
      }
      String row = template(request.getKey());
      boolean perTopic =
          AccessTable.http(method(row), row.substring(row.indexOf(' ') + 1))
                  .orElseThrow()
                  .rule()
                  .scope()
              != AccessRule.Scope.PRINCIPAL;
      if (perTopic) {
        HttpResponse<String> answer = call(request, node.token("outsider"));
        assertThat(answer.statusCode())
            .as("outsider: " + request.getKey() + " " + answer.body())
            .isEqualTo(403);
        assertThat(answer.body())
            .contains("\"code\":\"PERMISSION_DENIED\"")
            .contains("'outsider' lacks");
      }
    }
    assertThat(node.state()).isEqualTo(before);
  }

  @Test
  void aForbiddenTopicAnswersAlikeWhetherItExistsOrNot() {
    String existing =
        node.send("GET", node.http("/v1/topics/" + TOPIC), node.token("outsider"), null).body();
    String missing =
        node.send("GET", node.http("/v1/topics/no-such-topic"), node.token("outsider"), null)
            .body();

    assertThat(missing.replace("no-such-topic", TOPIC)).isEqualTo(existing);
  }

  @Test
  void theListingShowsOnlyTopicsThePrincipalMaySee() {
    assertThat(node.send("GET", node.http("/v1/topics"), node.token("outsider"), null).body())
        .doesNotContain(TOPIC);
    assertThat(node.send("GET", node.http("/v1/topics"), node.token("producer"), null).body())
        .contains(TOPIC);
  }

  @Test
  void aPrincipalWithTheRightGetsThrough() {
    HttpResponse<String> published =
        node.send(
            "POST",
            node.http("/v1/topics/" + TOPIC + "/messages"),
            node.token("producer"),
            "{\"payload\":\"by the producer\"}");
    HttpResponse<String> pulled =
        node.send(
            "POST",
            node.http("/v1/topics/" + TOPIC + "/groups/" + GROUP + "/pull"),
            node.token("producer"),
            "{\"max\":1}");
    HttpResponse<String> byJwt =
        node.send(
            "GET",
            node.http("/v1/topics/" + TOPIC),
            node.issuer.token(
                "svc", java.time.Instant.now().plusSeconds(60), List.of("consume:" + TOPIC)),
            null);

    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    assertThat(pulled.statusCode()).as(pulled.body()).isEqualTo(403);
    assertThat(byJwt.statusCode()).as(byJwt.body()).isEqualTo(200);
  }

  @Test
  void browsingABacklogTakesConsumeOrAdminOnTheTopicButNotProduce() {
    java.net.URI backlog = node.http("/v1/topics/" + TOPIC + "/groups/" + GROUP + "/backlog");
    java.time.Instant later = java.time.Instant.now().plusSeconds(60);
    for (String right : List.of("consume", "admin")) {
      HttpResponse<String> answer =
          node.send(
              "GET",
              backlog,
              node.issuer.token("svc-" + right, later, List.of(right + ":" + TOPIC)),
              null);
      assertThat(answer.statusCode()).as(right + ": " + answer.body()).isEqualTo(200);
    }
    HttpResponse<String> producer = node.send("GET", backlog, node.token("producer"), null);
    assertThat(producer.statusCode()).as(producer.body()).isEqualTo(403);
  }

  @Test
  void aRevokedTokenIsRefusedOnceTheFileIsReloaded() throws Exception {
    String token = node.mint("temporary", "consume:" + TOPIC);
    node.writeTokens();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                node.send("GET", node.http("/v1/topics/" + TOPIC), token, null).statusCode()
                    == 200);

    node.revoke("temporary");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                node.send("GET", node.http("/v1/topics/" + TOPIC), token, null).statusCode()
                    == 401);
  }

  @Test
  void managementReadsNeedAPrincipalAndWritesTheAdminRight() {
    String self =
        "pekko://switchboard@"
            + node.node().system().address().getHost().get()
            + ":"
            + node.node().system().address().getPort().get();
    java.net.URI member = node.management("/cluster/members/" + self);

    assertThat(node.send("GET", node.management("/health/alive"), null, null).statusCode())
        .isEqualTo(200);
    assertThat(node.send("GET", node.management("/cluster/members"), null, null).statusCode())
        .isEqualTo(401);
    assertThat(
            node.send("GET", node.management("/cluster/members"), "sb.admin.wrong", null)
                .statusCode())
        .isEqualTo(401);
    assertThat(
            node.send("GET", node.management("/cluster/members"), node.token("outsider"), null)
                .statusCode())
        .isEqualTo(200);
    assertThat(node.send("DELETE", member, null, null).statusCode()).isEqualTo(401);
    assertThat(node.send("DELETE", member, node.token("outsider"), null).statusCode())
        .isEqualTo(403);
    assertThat(node.send("PUT", member, node.token("outsider"), null).statusCode()).isEqualTo(403);
    assertThat(
            node.send("GET", node.management("/cluster/members"), node.token("admin"), null).body())
        .contains("\"Up\"");
  }

  private static HttpResponse<String> call(Map.Entry<String, String> request, String token) {
    String key = request.getKey();
    return node.send(
        method(key), node.http(key.substring(key.indexOf(' ') + 1)), token, request.getValue());
  }

  private static String method(String key) {
    return key.substring(0, key.indexOf(' '));
  }

  private static String template(String key) {
    String path = key.substring(key.indexOf(' ') + 1).replaceFirst("\\?.*", "");
    return method(key) + " " + io.switchboard.runtime.http.RouteTemplate.of(path);
  }
}
