package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.fuzz.Corpus;
import io.switchboard.runtime.fuzz.Mutations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutated JSON bodies (corpus {@code fuzz/http.txt}) posted to the publish, request, topic,
 * group, route and pull routes of a real node: every answer is a 2xx or a JSON 4xx, never a
 * 5xx or a hang, and the node still answers {@code /health/ready} and a valid publish after the
 * run. Tries: {@code -Djqwik.tries.default=N}.
 */
class HttpBodyFuzzTest {
  private static final Duration PER_CALL = Duration.ofSeconds(20);
  private static Path dir;
  private static TestNode node;
  private static HttpClient http;

  @BeforeContainer
  static void startNode() throws Exception {
    dir = Files.createTempDirectory("switchboard-http-fuzz");
    node = TestNode.start(dir, RunningNodeTest.SMALL_LIMITS);
    ApiClient api = node.client();
    assertThat(api.post("/v1/topics", Map.of("name", "fz", "partitions", 2)).status()).isEqualTo(201);
    assertThat(api.post("/v1/topics/fz/groups", Map.of("name", "g")).status()).isEqualTo(201);
    assertThat(api.post("/v1/topics", Map.of("name", "fzr", "partitions", 1)).status()).isEqualTo(201);
    http = HttpClient.newBuilder().connectTimeout(PER_CALL).build();
  }

  @AfterContainer
  static void stopNode() throws Exception {
    try {
      ApiClient api = node.client();
      assertThat(api.get("/health/ready").status()).as("the node is ready after the fuzz").isEqualTo(200);
      assertThat(api.post("/v1/topics/fz/messages", Map.of("payload", "after")).status()).isEqualTo(200);
    } finally {
      node.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Property(seed = "7341", shrinking = ShrinkingMode.OFF)
  void everyBodyIsAnsweredWithA2xxOrAJson4xx(@ForAll("calls") Call call) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + node.node().httpAddress().getPort() + call.path()))
        .timeout(PER_CALL).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(call.body())).build();
    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    Statistics.label("status").collect(answer.statusCode());

    assertThat(answer.statusCode()).as("%s -> %s", call, answer.body()).isBetween(200, 499);
    if (answer.statusCode() >= 400) {
      assertThat(answer.body()).as("%s", call).contains("\"error\"", "\"code\"");
    }
  }

  @Provide
  Arbitrary<Call> calls() {
    List<String> lines = Corpus.lines("http.txt");
    return Arbitraries.of(lines).flatMap(line -> {
      String path = line.substring(0, line.indexOf(' '));
      byte[] body = line.substring(line.indexOf(' ') + 1).getBytes(StandardCharsets.UTF_8);
      return Mutations.of(List.of(body)).map(mutated -> new Call(path, mutated));
    });
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
