package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests under faults, every part its own process: a node from switchboard.jar, workers and
 * callers from the Python client (docs/examples/python). A worker SIGKILLed mid-stream: the
 * caller's stream completes in order with no chunk lost or repeated, continued by another worker. A
 * caller SIGKILLed mid-stream: a reattach with the cursor it had read gets exactly the rest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestFaultsIT {
  private static final Path EXAMPLES =
      Path.of("..", "docs", "examples", "python").toAbsolutePath().normalize();
  private static final int TOKENS = 20;
  private static final Duration WAIT = Duration.ofSeconds(120);
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();
  private Path work;
  private Path stubs;
  private NodeProcess node;
  private String target;

  @BeforeAll
  void start() throws Exception {
    work =
        Files.createDirectories(
                Path.of("target", "request-faults-it", "run-" + System.currentTimeMillis()))
            .toAbsolutePath();
    stubs = work.resolve("stubs");
    Process generate =
        new ProcessBuilder("sh", EXAMPLES.resolve("generate_stubs.sh").toString(), stubs.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("stubs.log").toFile())
            .start();
    assertThat(generate.waitFor(60, TimeUnit.SECONDS) && generate.exitValue() == 0)
        .as("stubs generated")
        .isTrue();
    node = new NodeProcess("node", work);
    node.start(
        Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar")),
        List.of("--data-dir", work.resolve("data").toString()),
        Map.of());
    Pattern ready = Pattern.compile("gRPC on 127\\.0\\.0\\.1:(\\d+)");
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .alias("ready line in " + node.log())
        .until(() -> node.alive() && ready.matcher(Files.readString(node.log())).find());
    Matcher port = ready.matcher(Files.readString(node.log()));
    assertThat(port.find()).isTrue();
    target = "127.0.0.1:" + port.group(1);
    post("/v1/topics", "{\"name\": \"llm\", \"partitions\": 1}");
    post("/v1/topics/llm/groups", "{\"name\": \"workers\"}");
  }

  @AfterEach
  void stopProcesses() {
    processes.forEach(Process::destroyForcibly);
    processes.clear();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.stopQuietly();
    }
  }

  @Test
  void aWorkerKilledMidStreamIsContinuedByAnotherWithNoChunkLostOrRepeated() throws Exception {
    Path firstLog = work.resolve("worker-1.log");
    Process first =
        python(firstLog, "serve.py", target, "llm", "workers", Integer.toString(TOKENS), "200");
    Path callerLog = work.resolve("caller-a.log");
    Process caller = python(callerLog, "request.py", target, "llm", "prompt", "req-a");
    await().atMost(WAIT).until(() -> Files.readString(firstLog).contains("sent req-a 5"));

    first.destroyForcibly(); // SIGKILL: its connection drops, the node gives the request to another
    // worker
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Path secondLog = work.resolve("worker-2.log");
    python(secondLog, "serve.py", target, "llm", "workers", Integer.toString(TOKENS), "0");

    assertThat(caller.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the caller's stream ends")
        .isTrue();
    assertThat(Files.readAllLines(callerLog)).containsExactlyElementsOf(answer(0));
    String second = Files.readString(secondLog);
    Matcher resumed =
        Pattern.compile("request req-a attempt (\\d+) streamed (\\d+)").matcher(second);
    assertThat(resumed.find()).as(second).isTrue();
    assertThat(Integer.parseInt(resumed.group(1))).as("redelivered").isGreaterThanOrEqualTo(2);
    assertThat(Integer.parseInt(resumed.group(2)))
        .as("continued after what was streamed")
        .isGreaterThanOrEqualTo(5);
    System.out.printf(
        "RequestFaultsIT: worker killed after %s chunks stored; the next one continued%n",
        resumed.group(2));
  }

  @Test
  void aCallerKilledMidStreamReattachesWithItsCursorAndGetsExactlyTheRest() throws Exception {
    python(
        work.resolve("worker-3.log"),
        "serve.py",
        target,
        "llm",
        "workers",
        Integer.toString(TOKENS),
        "200");
    Path callerLog = work.resolve("caller-b.log");
    Process caller = python(callerLog, "request.py", target, "llm", "prompt", "req-b");
    await().atMost(WAIT).until(() -> Files.readString(callerLog).contains("chunk 4 "));

    caller.destroyForcibly(); // SIGKILL: the caller's connection is gone, the request runs on
    assertThat(caller.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<String> read = Files.readAllLines(callerLog);
    long cursor = read.size();
    assertThat(read).containsExactlyElementsOf(answer(0).subList(0, read.size()));

    Path againLog = work.resolve("caller-b-again.log");
    Process again =
        python(againLog, "request.py", target, "--reattach", "req-b", Long.toString(cursor));
    assertThat(again.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readAllLines(againLog)).containsExactlyElementsOf(answer((int) cursor));
  }

  /** The lines request.py prints for a whole answer, after {@code cursor}. */
  private static List<String> answer(int cursor) {
    List<String> lines =
        new ArrayList<>(
            IntStream.rangeClosed(1, TOKENS).mapToObj(n -> "chunk " + n + " token-" + n).toList());
    lines.add("final " + (TOKENS + 1) + " done");
    lines.add("usage 1 " + TOKENS); // serve.py reports the prompt's words and the tokens it sent
    return lines.subList(cursor, lines.size());
  }

  private Process python(Path log, String script, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(List.of("/usr/bin/python3", EXAMPLES.resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(EXAMPLES.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("SWITCHBOARD_STUBS", stubs.toString());
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private void post(String path, String json) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(node.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode() / 100).as(path + ": " + response.body()).isEqualTo(2);
  }
}
