package io.switchboard.runtime.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Benchmarks a running node through its HTTP API. */
public final class HttpBenchTarget implements BenchTarget {
  private final URI base;
  private final HttpClient client;
  private final ObjectMapper json = new ObjectMapper();
  private final String token;

  public HttpBenchTarget(URI base) {
    this(base, "");
  }

  /** Returns a target that sends {@code token} as bearer with every request (empty: none). */
  public HttpBenchTarget(URI base, String token) {
    this.token = token;
    this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public boolean prepare(BenchSettings settings, String group) throws Exception {
    HttpResponse<byte[]> topic =
        send(
            "v1/topics",
            Map.of(
                "name",
                settings.topic(),
                "partitions",
                settings.partitions(),
                "durable",
                settings.durable()),
            201,
            409);
    send("v1/topics/" + settings.topic() + "/groups", Map.of("name", group), 201, 409);
    return topic.statusCode() == 201;
  }

  @Override
  public void deleteTopic(String topic) throws Exception {
    check(
        "DELETE /v1/topics/" + topic,
        client.send(
            authorized(HttpRequest.newBuilder(base.resolve("v1/topics/" + topic)))
                .timeout(Duration.ofSeconds(60))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray()),
        204);
  }

  @Override
  public void publish(String topic, byte[] payload, long sentNanos) throws Exception {
    send(
        "v1/topics/" + topic + "/messages",
        Map.of(
            "payloadBase64", Base64.getEncoder().encodeToString(payload),
            "headers", Map.of(SENT_HEADER, Long.toString(sentNanos))),
        200);
  }

  @Override
  public List<Received> pull(String topic, String group, int max, Duration wait) throws Exception {
    JsonNode answer =
        sendForJson(
            "v1/topics/" + topic + "/groups/" + group + "/pull",
            Map.of("max", max, "waitMs", wait.toMillis()),
            200);
    List<Received> received = new ArrayList<>();
    for (JsonNode delivery : answer.path("deliveries")) {
      received.add(
          new Received(
              delivery.path("receipt").asText(),
              delivery.path("message").path("headers").path(SENT_HEADER).asLong()));
    }
    return received;
  }

  @Override
  public void ack(String topic, String group, List<String> receipts) throws Exception {
    send("v1/topics/" + topic + "/groups/" + group + "/ack", Map.of("receipts", receipts), 200);
  }

  private HttpResponse<byte[]> send(String path, Object body, int... expected)
      throws IOException, InterruptedException {
    HttpRequest request =
        authorized(HttpRequest.newBuilder(base.resolve(path)))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build();
    return check(
        "POST /" + path, client.send(request, HttpResponse.BodyHandlers.ofByteArray()), expected);
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return token.isEmpty() ? request : request.header("Authorization", "Bearer " + token);
  }

  private JsonNode sendForJson(String path, Object body, int... expected)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response = send(path, body, expected);
    return response.body().length == 0 ? json.nullNode() : json.readTree(response.body());
  }

  private static HttpResponse<byte[]> check(
      String request, HttpResponse<byte[]> response, int... expected) throws IOException {
    for (int status : expected) {
      if (response.statusCode() == status) {
        return response;
      }
    }
    throw new IOException(
        request
            + " answered "
            + response.statusCode()
            + ": "
            + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close before Java 21; its threads are daemons
  }
}
