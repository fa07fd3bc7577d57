package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A WebSocket consumer's incoming messages are bounded like request bodies. */
class WebSocketLimitsTest extends RunningNodeTest {
  private static final String TOPIC = "frames";

  @Override
  String config() {
    return "switchboard.http.max-stream-message-bytes = 4 KiB";
  }

  @BeforeAll
  void createTopics() {
    createTopic(TOPIC, 1, "g");
  }

  private StreamClient connect(String query) {
    return StreamClient.connect(api, "/v1/topics/" + TOPIC + "/groups/g/stream" + query);
  }

  @Test
  void closesTheSocketOnAMessageOverTheLimit() {
    StreamClient client = connect("");
    String part = "x".repeat(1024);
    // one message of 64 parts: the node refuses it when the limit is passed, not at its end
    for (int i = 0; i < 64 && !client.closed(); i++) {
      try {
        client.sendPart(i == 0 ? "{\"ack\":[\"" + part : part, false);
      } catch (java.util.concurrent.CompletionException closed) {
        break;
      }
    }
    int code = client.closeCode().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
    // pekko-http 1.3 lets a message handler close only with 1000 (or 1011 on failure), not 1009:
    // the error frame before the close says why
    assertThat(code).isEqualTo(WebSocket.NORMAL_CLOSURE);
    assertThat(client.answers())
        .anySatisfy(
            frame ->
                assertThat(frame.path("error").path("code").asText())
                    .isEqualTo("PAYLOAD_TOO_LARGE"));
  }

  @Test
  void takesMessagesUpToTheLimit() {
    StreamClient client = connect("");
    String receipts =
        String.join(",", java.util.Collections.nCopies(100, "\"0-999999-1-1-00000000\""));
    client.send("{\"ack\":[" + receipts + "]}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.answers().stream().anyMatch(f -> f.has("acked")));
    assertThat(client.closed()).isFalse();
    client.close();
    assertThat(List.of(api.get("/health/alive").status())).containsExactly(200);
  }

  @Test
  void refusesLenientStreamParametersBeforeUpgrading() {
    for (String query :
        List.of(
            "credit=%2B3",
            "credit=%D9%A3",
            "credit=%203",
            "capacity=NaN",
            "capacity=Infinity",
            "capacity=0x1p3",
            "capacity=%201",
            "capacity=1e3",
            "capacity=-1")) {
      assertThat(StreamClient.refusal(api, "/v1/topics/" + TOPIC + "/groups/g/stream?" + query))
          .as(query)
          .isEqualTo(400);
    }
    connect("?credit=3&capacity=0.5").close();
  }
}
