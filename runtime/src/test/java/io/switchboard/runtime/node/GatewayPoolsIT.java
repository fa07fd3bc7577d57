package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.EmulatorSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A gateway pool defined at run time over the admin API of one node serves calls on another node of
 * the cluster (real node JVMs on PostgreSQL, the shared cluster of the ITs), and deleting it on
 * that other node makes the first refuse the model again: the pool registry's copy reaches every
 * node. The backend is an emulator in this JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OnSharedNodeCluster
class GatewayPoolsIT implements SharedNodeCluster.User {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "it-llama";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private NodeCluster cluster;
  private BackendEmulator emulator;

  @Override
  public void attach(NodeCluster shared) {
    cluster = shared;
  }

  @BeforeAll
  void startEmulator() throws Exception {
    emulator =
        BackendEmulator.start(
            EmulatorSettings.defaults(MODEL).withTiming(1e6, 0.01e6, 1e6),
            new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterAll
  void stopEmulator() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void aPoolDefinedOnOneNodeServesOnAnotherAndIsDeletedEverywhere() throws Exception {
    NodeProcess definer = cluster.nodes.get(0);
    NodeProcess server = cluster.nodes.get(1);
    HttpResponse<String> defined =
        send(
            HttpRequest.newBuilder(URI.create(definer.url() + "/v1/pools/" + MODEL))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"backends\": [{\"url\": \"http://127.0.0.1:"
                            + emulator.port()
                            + "/v1\", \"max-concurrency\": 4}], \"max-attempts\": 2}")));
    assertThat(defined.statusCode()).as(defined.body()).isEqualTo(200);

    // the other node learns the pool by Distributed Data's gossip, then its connectors join
    await().atMost(Duration.ofSeconds(30)).until(() -> chat(server).statusCode() == 200);
    HttpResponse<String> answered = chat(server);
    JsonNode whole = JSON.readTree(answered.body());
    assertThat(whole.get("object").asText()).isEqualTo("chat.completion");
    assertThat(whole.get("model").asText()).isEqualTo(MODEL);
    assertThat(whole.at("/choices/0/message/content").asText()).isNotBlank();
    assertThat(whole.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    JsonNode listed =
        JSON.readTree(
            send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/pools")).GET()).body());
    assertThat(listed.toString()).contains("\"" + MODEL + "\"");

    HttpResponse<String> deleted =
        send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/pools/" + MODEL)).DELETE());
    assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);
    await().atMost(Duration.ofSeconds(30)).until(() -> chat(definer).statusCode() == 404);
    assertThat(JSON.readTree(chat(definer).body()).at("/error/code").asText())
        .isEqualTo("model_not_found");
  }

  private HttpResponse<String> chat(NodeProcess node) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(node.url() + "/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .header("x-switchboard-timeout-ms", "3000")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\": \""
                        + MODEL
                        + "\", \"max_tokens\": 4, \"seed\": 1,"
                        + " \"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}")));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
