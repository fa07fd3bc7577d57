package io.switchboard.runtime.auth;

import static io.switchboard.runtime.auth.SecuredNode.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.priority.SchedulingHeaders;
import io.switchboard.protocol.v1.Error;
import io.switchboard.protocol.v1.PublishResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant rate limits on a real node with authentication, over real HTTP and gRPC: the
 * producer's tenant may make one call a minute, another spend 100 tokens, a third publish 1000
 * bytes of payload a minute; past that every edge refuses (429 with Retry-After, RESOURCE_EXHAUSTED
 * with the retry-after in the error trailer) and stores nothing, while another tenant is not held
 * back.
 */
class RateLimitedCallsTest {
  private static SecuredNode node;
  private static TenantCalls calls;

  @BeforeAll
  static void start() {
    node =
        new SecuredNode(
            "switchboard.rate-limits { enabled = on\n tenants {\n"
                + " team-producer { requests-per-minute = 1 }\n team-spender { tokens-per-minute = 100 }\n"
                + " team-heavy { bytes-per-minute = 1000 } } }");
    node.seed();
    node.admin("POST", "/v1/topics/" + TOPIC + "/groups", "{\"name\":\"limits\"}");
    calls = new TenantCalls(node.node().httpAddress().getPort(), node.grpcPort());
  }

  @AfterAll
  static void stop() throws Exception {
    calls.close();
    node.close();
  }

  @Test
  void aTenantOverItsLimitIsRefusedOnEveryEdgeAndNothingIsStored() throws Exception {
    String producer = node.token("producer");
    assertThat(publish(producer, "http.first", Map.of()).statusCode()).isEqualTo(200);

    HttpResponse<String> second = publish(producer, "http.second", Map.of());
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.body())
        .contains("\"code\":\"RATE_LIMITED\"", "team-producer", "requests-per-minute limit of 1");
    assertThat(Long.parseLong(second.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 60L);

    HttpResponse<String> request =
        calls.http(
            producer,
            "POST",
            "/v1/topics/" + TOPIC + "/requests?stream=false",
            TenantCalls.message("http.request", Map.of()));
    assertThat(request.statusCode()).isEqualTo(429);

    PublishResult grpc = calls.grpcPublish(producer, TOPIC, "grpc.publish", Map.of()).getResults(0);
    assertThat(grpc.getError().getCode()).isEqualTo("RATE_LIMITED");
    assertThat(grpc.getError().getRetryAfterMillis()).isBetween(1L, 60_000L);

    assertThatThrownBy(
            () ->
                calls
                    .grpcRequest(producer, TOPIC, "grpc.request", Map.of())
                    .get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            refused -> {
              assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              Error error =
                  refused
                      .getTrailers()
                      .get(
                          io.grpc.Metadata.Key.of(
                              "switchboard-error-bin",
                              io.grpc.protobuf.ProtoUtils.metadataMarshaller(
                                  Error.getDefaultInstance())));
              assertThat(error.getCode()).isEqualTo("RATE_LIMITED");
              assertThat(error.getRetryAfterMillis()).isPositive();
            });

    // another tenant is not held back by the producer's limit
    assertThat(publish(node.token("admin"), "http.admin", Map.of()).statusCode()).isEqualTo(200);
    assertThat(storedOnce("http.first", "http.admin"))
        .containsExactlyInAnyOrder("http.first", "http.admin");
  }

  @Test
  void declaredTokensCountAgainstTheTenantsBudget() {
    String spender = node.mint("spender", "produce:" + TOPIC);
    try {
      node.writeTokens();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // the node reads the tokens file again within its reload interval
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> publish(spender, "tokens.first", cost(60)).statusCode() == 200);
    HttpResponse<String> over = publish(spender, "tokens.second", cost(60));
    assertThat(over.statusCode()).isEqualTo(429);
    assertThat(over.body()).contains("tokens-per-minute limit of 100");
    assertThat(publish(spender, "tokens.small", cost(40)).statusCode()).isEqualTo(200);
  }

  @Test
  void payloadBytesCountAgainstTheTenantsBytesLimitOverHttpAndGrpc() throws Exception {
    String heavy = node.mint("heavy", "produce:" + TOPIC);
    node.writeTokens();
    String large = "y".repeat(600);
    // the node reads the tokens file again within its reload interval
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> publish(heavy, "bytes.first", large).statusCode() == 200);

    HttpResponse<String> over = publish(heavy, "bytes.second", large);
    assertThat(over.statusCode()).isEqualTo(429);
    assertThat(over.body())
        .contains("\"code\":\"RATE_LIMITED\"", "team-heavy", "bytes-per-minute limit of 1000");
    assertThat(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 60L);

    PublishResult grpc =
        calls.grpcPublish(heavy, TOPIC, "bytes.grpc", Map.of(), large).getResults(0);
    assertThat(grpc.getError().getCode()).isEqualTo("RATE_LIMITED");
    assertThat(grpc.getError().getMessage()).contains("bytes-per-minute limit of 1000");
    assertThat(grpc.getError().getRetryAfterMillis()).isBetween(1L, 60_000L);
    assertThatThrownBy(
            () ->
                calls
                    .grpcRequest(heavy, TOPIC, "bytes.request", Map.of(), large)
                    .get(30, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            refused ->
                assertThat(refused.getStatus().getCode())
                    .isEqualTo(Status.Code.RESOURCE_EXHAUSTED));

    // what is left of the minute still takes small payloads on both edges
    assertThat(publish(heavy, "bytes.small", "z".repeat(100)).statusCode()).isEqualTo(200);
    PublishResult small =
        calls
            .grpcPublish(heavy, TOPIC, "bytes.grpc-small", Map.of(), "z".repeat(100))
            .getResults(0);
    assertThat(small.hasError()).as(small.toString()).isFalse();
  }

  private static HttpResponse<String> publish(String token, String type, String payload) {
    return calls.http(
        token,
        "POST",
        "/v1/topics/" + TOPIC + "/messages",
        TenantCalls.message(type, Map.of(), payload));
  }

  private static Map<String, String> cost(int tokens) {
    return Map.of(SchedulingHeaders.COST, Integer.toString(tokens));
  }

  private static HttpResponse<String> publish(
      String token, String type, Map<String, String> headers) {
    return calls.http(
        token, "POST", "/v1/topics/" + TOPIC + "/messages", TenantCalls.message(type, headers));
  }

  /**
   * Returns the types of the messages the group got once it got {@code expected} (and one pull
   * more), but the token and bytes tests'.
   */
  private static java.util.Set<String> storedOnce(String... expected) throws Exception {
    Map<String, Map<String, String>> seen = new java.util.LinkedHashMap<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              seen.putAll(calls.pullHeaders(node.token("admin"), TOPIC, "limits"));
              return seen.keySet().containsAll(java.util.List.of(expected));
            });
    seen.putAll(calls.pullHeaders(node.token("admin"), TOPIC, "limits"));
    seen.keySet().removeIf(type -> type.startsWith("tokens.") || type.startsWith("bytes."));
    return seen.keySet();
  }
}
