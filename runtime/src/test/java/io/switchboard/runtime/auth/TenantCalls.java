package io.switchboard.runtime.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.switchboard.protocol.v1.PublishRequest;
import io.switchboard.protocol.v1.PublishResponse;
import io.switchboard.protocol.v1.ReplyEvent;
import io.switchboard.protocol.v1.RequestCall;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes and requests over the node's real HTTP and gRPC ports as a bearer of a token (null:
 * none), each message with a type to find it by and the headers given; pulls what a group got.
 */
final class TenantCalls implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final URI http;
  private final ManagedChannel channel;
  private final HttpClient client = HttpClient.newHttpClient();

  TenantCalls(int httpPort, int grpcPort) {
    this.http = URI.create("http://127.0.0.1:" + httpPort);
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  /** Returns the answer of {@code method path} with a JSON body (null: none). */
  HttpResponse<String> http(String token, String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(http.resolve(path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Returns the JSON of one message of {@code type} with {@code headers}. */
  static String message(String type, Map<String, String> headers) {
    return message(type, headers, "x");
  }

  /** Returns the JSON of one message of {@code type} with {@code headers} and a text payload. */
  static String message(String type, Map<String, String> headers, String payload) {
    try {
      return JSON.writeValueAsString(Map.of("type", type, "payload", payload, "headers", headers));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends a request over HTTP and returns once its event stream started (the request is then
   * stored).
   */
  void httpRequest(String token, String topic, String type, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(http.resolve("/v1/topics/" + topic + "/requests?timeoutMs=60000"))
            .POST(HttpRequest.BodyPublishers.ofString(message(type, headers)))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<InputStream> answer =
          client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = answer.body()) {
        if (answer.statusCode() != 200) {
          throw new IllegalStateException(
              "request -> " + answer.statusCode() + " " + new String(body.readAllBytes()));
        }
        // the first event is "accepted": the request is stored
        body.read();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Publishes one message over gRPC and returns the answer. */
  PublishResponse grpcPublish(String token, String topic, String type, Map<String, String> headers)
      throws Exception {
    return grpcPublish(token, topic, type, headers, "x");
  }

  /** Publishes one message with a text payload over gRPC and returns the answer. */
  PublishResponse grpcPublish(
      String token, String topic, String type, Map<String, String> headers, String payload)
      throws Exception {
    CompletableFuture<PublishResponse> answer = new CompletableFuture<>();
    StreamObserver<PublishRequest> requests =
        stub(token)
            .publish(
                new StreamObserver<>() {
                  @Override
                  public void onNext(PublishResponse value) {
                    answer.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    answer.completeExceptionally(
                        new IllegalStateException("completed without an answer"));
                  }
                });
    requests.onNext(
        PublishRequest.newBuilder()
            .setFirstSequence(1)
            .addMessages(proto(topic, type, headers, payload))
            .build());
    PublishResponse response = answer.get(30, TimeUnit.SECONDS);
    requests.onCompleted();
    return response;
  }

  /** Sends a request over gRPC and returns its first event (accepted, or the call's failure). */
  CompletableFuture<ReplyEvent> grpcRequest(
      String token, String topic, String type, Map<String, String> headers) {
    return grpcRequest(token, topic, type, headers, "x");
  }

  /** Sends a request with a text payload over gRPC and returns its first event. */
  CompletableFuture<ReplyEvent> grpcRequest(
      String token, String topic, String type, Map<String, String> headers, String payload) {
    CompletableFuture<ReplyEvent> first = new CompletableFuture<>();
    stub(token)
        .request(
            RequestCall.newBuilder()
                .setTimeoutMillis(60_000)
                .setMessage(proto(topic, type, headers, payload))
                .build(),
            new StreamObserver<>() {
              @Override
              public void onNext(ReplyEvent value) {
                first.complete(value);
              }

              @Override
              public void onError(Throwable t) {
                first.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                first.completeExceptionally(
                    new IllegalStateException("completed without an event"));
              }
            });
    return first;
  }

  /**
   * Returns the headers of every message {@code group} of {@code topic} gets within one pull, by
   * type.
   */
  Map<String, Map<String, String>> pullHeaders(String token, String topic, String group)
      throws IOException {
    HttpResponse<String> answer =
        http(
            token,
            "POST",
            "/v1/topics/" + topic + "/groups/" + group + "/pull",
            "{\"max\":100,\"waitMs\":500}");
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("pull -> " + answer.statusCode() + " " + answer.body());
    }
    Map<String, Map<String, String>> byType = new LinkedHashMap<>();
    for (JsonNode delivery : JSON.readTree(answer.body()).path("deliveries")) {
      JsonNode message = delivery.path("message");
      Map<String, String> headers = new LinkedHashMap<>();
      message
          .path("headers")
          .properties()
          .forEach(header -> headers.put(header.getKey(), header.getValue().asText()));
      byType.put(message.path("type").asText(), headers);
    }
    return byType;
  }

  private SwitchboardGrpc.SwitchboardStub stub(String token) {
    SwitchboardGrpc.SwitchboardStub stub = SwitchboardGrpc.newStub(channel);
    if (token == null) {
      return stub;
    }
    Metadata metadata = new Metadata();
    metadata.put(AUTHORIZATION, "Bearer " + token);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
  }

  private static io.switchboard.protocol.v1.Message proto(
      String topic, String type, Map<String, String> headers, String payload) {
    return io.switchboard.protocol.v1.Message.newBuilder()
        .setTopic(topic)
        .setType(type)
        .putAllHeaders(headers)
        .setPayload(ByteString.copyFromUtf8(payload))
        .build();
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
