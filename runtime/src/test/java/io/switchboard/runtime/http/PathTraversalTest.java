package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paths with dot or empty segments are refused as written, before routing: a client's {@code ..}
 * must never reach another topic than the one it names.
 */
class PathTraversalTest extends RunningNodeTest {
  @BeforeAll
  void createTopics() {
    for (String topic : List.of("t1", "t2")) {
      createTopic(topic, Map.of(), "g");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DELETE /v1/topics/t1/groups/../../t2",
        "DELETE /v1/topics/t1/groups/%2e%2e/%2E%2E/t2",
        "DELETE /v1/topics/t1/groups/.%2e/..%2F/t2",
        "DELETE /v1/topics/t1/./../t2",
        "DELETE /v1/topics//t2",
        "DELETE /v1/topics/t2/",
        "DELETE /v1/topics/t2/groups/g/.",
        "DELETE http://127.0.0.1/v1/topics/t1/../t2",
        "GET /v1/topics/t1/groups/../../t2?x=/../"
      })
  void refusesDotAndEmptySegmentsBeforeRouting(String requestLine) {
    RawHttp.Answer answer = raw().exchange(requestLine + " HTTP/1.1");
    assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
    assertThat(answer.errorCode()).as(answer.toString()).isEqualTo("INVALID_PATH");
    assertThat(api.get("/v1/topics").json().path("topics").findValuesAsText("name"))
        .contains("t1", "t2");
    assertThat(api.get("/v1/topics/t2/groups").json().path("groups").findValuesAsText("name"))
        .contains("g");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"GET /v1/topics/t2", "GET /v1/topics/t2/groups?x=a/../b", "GET /health/alive"})
  void servesPlainPaths(String requestLine) {
    assertThat(raw().exchange(requestLine + " HTTP/1.1").status()).isEqualTo(200);
  }
}
