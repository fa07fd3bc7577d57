package io.switchboard.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.switchboard.Switchboard;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.protocol.v1.CancelRequestRequest;
import io.switchboard.protocol.v1.RepliesRequest;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import io.switchboard.request.RequestDelivery;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rights to a request by its id on a real node with authentication: produce on the request's topic
 * (not on every topic) reads and cancels it; without it the id looks unknown, over HTTP and gRPC.
 */
class RequestAccessTest {
  private static SecuredNode node;
  private static ManagedChannel channel;
  private static final BlockingQueue<RequestDelivery> taken = new LinkedBlockingQueue<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    node = new SecuredNode();
    node.mint("chatter", "produce:chat.*");
    node.mint("stranger", "produce:" + SecuredNode.TOPIC);
    node.writeTokens();
    Switchboard switchboard = Switchboard.get(node.node().system());
    switchboard
        .createTopic(TopicConfig.of("chat.a").withPartitions(1))
        .toCompletableFuture()
        .join();
    switchboard.createGroup("chat.a", "workers", GroupConfig.DEFAULT).toCompletableFuture().join();
    switchboard
        .requests("chat.a", "workers", ConsumerSettings.defaults())
        .runWith(Sink.foreach(taken::add), node.node().system());
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                node.send(
                            "GET",
                            node.http("/v1/requests/never-sent/replies"),
                            node.token("chatter"),
                            null)
                        .statusCode()
                    == 404);
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow();
    node.close();
  }

  @Test
  void produceOnTheRequestsTopicReadsItsRepliesAndWithoutItTheIdLooksUnknown() throws Exception {
    CompletableFuture<HttpResponse<String>> sent =
        post(
            "/v1/topics/chat.a/requests?stream=false",
            "chatter",
            "{\"id\": \"rq-read\", \"payload\": 1}");
    answer("rq-read");
    assertThat(sent.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    HttpResponse<String> own =
        node.send("GET", node.http("/v1/requests/rq-read/replies"), node.token("chatter"), null);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(own.body()).contains("event: final");

    HttpResponse<String> other =
        node.send("GET", node.http("/v1/requests/rq-read/replies"), node.token("stranger"), null);
    HttpResponse<String> unknown =
        node.send("GET", node.http("/v1/requests/rq-none/replies"), node.token("stranger"), null);
    assertThat(other.statusCode()).isEqualTo(404).isEqualTo(unknown.statusCode());
    assertThat(other.body())
        .contains("\"code\":\"UNKNOWN_REQUEST\"")
        .isEqualTo(unknown.body().replace("rq-none", "rq-read"));

    assertThat(stub("chatter").replies(RepliesRequest.newBuilder().setRequestId("rq-read").build()))
        .toIterable()
        .hasSize(2);
    StatusRuntimeException refused =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                stub("stranger")
                    .replies(RepliesRequest.newBuilder().setRequestId("rq-read").build())
                    .forEachRemaining(e -> {}));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(refused.getStatus().getDescription())
        .isEqualTo("UNKNOWN_REQUEST: no request with id 'rq-read'");
  }

  @Test
  void onlyProduceOnTheRequestsTopicCancelsIt() throws Exception {
    post("/v1/topics/chat.a/requests", "chatter", "{\"id\": \"rq-cancel\", \"payload\": 1}");
    RequestDelivery running = taken.poll(30, TimeUnit.SECONDS);
    assertThat(running).isNotNull();
    assertThat(running.requestId()).isEqualTo("rq-cancel");

    // The stranger is answered as for any id, and nothing happens.
    assertThat(
            node.send("DELETE", node.http("/v1/requests/rq-cancel"), node.token("stranger"), null)
                .statusCode())
        .isEqualTo(202);
    stub("stranger")
        .cancelRequest(CancelRequestRequest.newBuilder().setRequestId("rq-cancel").build());
    assertThat(running.reply("still mine").toCompletableFuture().get(30, TimeUnit.SECONDS))
        .isNotNull();
    assertThat(running.isCancelled()).isFalse();

    stub("chatter")
        .cancelRequest(CancelRequestRequest.newBuilder().setRequestId("rq-cancel").build());
    assertThat(running.cancelled().toCompletableFuture().get(30, TimeUnit.SECONDS))
        .isEqualTo(io.switchboard.request.Outcome.CANCELLED);
  }

  private static void answer(String id) throws Exception {
    RequestDelivery request = taken.poll(30, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(request.requestId()).isEqualTo(id);
    request.reply("one").toCompletableFuture().get(30, TimeUnit.SECONDS);
    request.complete("done").toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /**
   * Sends a POST without waiting for its answer (a request's answer comes once a worker gives it).
   */
  private static CompletableFuture<HttpResponse<String>> post(
      String path, String principal, String json) {
    return HTTP.sendAsync(
        HttpRequest.newBuilder(node.http(path))
            .header("Authorization", "Bearer " + node.token(principal))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static SwitchboardGrpc.SwitchboardBlockingStub stub(String principal) {
    Metadata bearer = new Metadata();
    bearer.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + node.token(principal));
    return SwitchboardGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }
}
