package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.fuzz.Corpus;
import io.switchboard.runtime.fuzz.Mutations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated JSON bodies (corpus {@code fuzz/http.txt}) posted to the publish, request, topic, group,
 * route and pull routes of a real node: every answer is a 2xx or a JSON 4xx, never a 5xx or a hang,
 * and the node still answers {@code /health/ready} and a valid publish after the run. Tries: {@code
 * -Dfuzz.tries=N}, seed {@code -Dfuzz.seed=S} ({@link Mutations}).
 */
class HttpBodyFuzzTest {
  private static final Duration PER_CALL = Duration.ofSeconds(20);
  @TempDir static Path dir;
  private static TestNode node;
  private static HttpClient http;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start(dir, RunningNodeTest.SMALL_LIMITS);
    ApiClient api = node.client();
    assertThat(api.post("/v1/topics", Map.of("name", "fz", "partitions", 2)).status())
        .isEqualTo(201);
    assertThat(api.post("/v1/topics/fz/groups", Map.of("name", "g")).status()).isEqualTo(201);
    assertThat(api.post("/v1/topics", Map.of("name", "fzr", "partitions", 1)).status())
        .isEqualTo(201);
    http = HttpClient.newBuilder().connectTimeout(PER_CALL).build();
  }

  @AfterAll
  static void stopNode() throws Exception {
    try {
      ApiClient api = node.client();
      assertThat(api.get("/health/ready").status())
          .as("the node is ready after the fuzz")
          .isEqualTo(200);
      assertThat(api.post("/v1/topics/fz/messages", Map.of("payload", "after")).status())
          .isEqualTo(200);
    } finally {
      node.close();
    }
  }

  @Test
  void everyBodyIsAnsweredWithA2xxOrAJson4xx() {
    Map<Integer, Integer> statuses = new TreeMap<>();
    Mutations.forAll(
        calls(),
        call -> call.path() + " " + Mutations.base64(call.body()),
        call -> {
          HttpRequest request =
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + node.node().httpAddress().getPort() + call.path()))
                  .timeout(PER_CALL)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()))
                  .build();
          HttpResponse<String> answer;
          try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofString());
          } catch (java.io.IOException closedBeforeAnswer) {
            // A kept-alive connection the node closed after the previous answer (a refusal ends its
            // connection) may be picked by the client as it closes: send the same input once more
            // on a new connection; a node that drops this input itself fails here again.
            answer = http.send(request, HttpResponse.BodyHandlers.ofString());
          }
          statuses.merge(answer.statusCode(), 1, Integer::sum);

          assertThat(answer.statusCode()).as("%s -> %s", call, answer.body()).isBetween(200, 499);
          if (answer.statusCode() >= 400) {
            assertThat(answer.body()).as("%s", call).contains("\"error\"", "\"code\"");
          }
        });
    System.out.println("HttpBodyFuzzTest statuses: " + statuses);
  }

  /** A corpus line drawn uniformly, its body mutated. */
  private static List<Call> calls() {
    List<String> lines = Corpus.lines("http.txt");
    SplittableRandom random = Mutations.random();
    List<Call> out = new ArrayList<>();
    for (int i = 0; i < Mutations.tries(); i++) {
      String line = lines.get(random.nextInt(lines.size()));
      String path = line.substring(0, line.indexOf(' '));
      byte[] body = line.substring(line.indexOf(' ') + 1).getBytes(StandardCharsets.UTF_8);
      out.add(new Call(path, Mutations.mutate(List.of(body), random)));
    }
    return out;
  }

  /** A POST of {@code body} to {@code path}. */
  record Call(String path, byte[] body) {
    @Override
    public String toString() {
      String text = new String(body, StandardCharsets.UTF_8);
      return "POST " + path + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
  }
}
