package io.switchboard.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.NodeScripts;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs docs/gateway.md's walkthroughs as written: the five-minute start (emulator, node with the
 * guide's pool, curl and the openai client through the node), and the emulator's own (its command
 * line, then its curl call).
 */
class GatewayGuideTest {
  private static final Path GUIDE = Path.of("..", "docs", "gateway.md");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> blocks(String language) throws Exception {
    List<String> blocks = new ArrayList<>();
    Matcher matcher =
        Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(GUIDE, StandardCharsets.UTF_8));
    while (matcher.find()) {
      blocks.add(matcher.group(1).replace("\\\n", " "));
    }
    return blocks;
  }

  private static String block(List<String> blocks, String containing) {
    return blocks.stream()
        .filter(b -> b.contains(containing))
        .findFirst()
        .orElseThrow(() -> new AssertionError("docs/gateway.md has no block with " + containing));
  }

  private static EmulateBackendCommand emulatorOptions(String command) {
    List<String> args =
        new ArrayList<>(
            Arrays.asList(
                command
                    .substring(command.indexOf("emulate-backend") + "emulate-backend".length())
                    .trim()
                    .split("\\s+")));
    args.set(args.indexOf("--port") + 1, "0");
    EmulateBackendCommand options = new EmulateBackendCommand();
    new CommandLine(options).parseArgs(args.toArray(String[]::new));
    return options;
  }

  private static List<String> events(String curl) throws Exception {
    Process process = new ProcessBuilder("bash", "-c", curl).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> events =
        output.lines().filter(line -> line.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertThat(events).as(output).last().isEqualTo("[DONE]");
    return events;
  }

  @Test
  void theFiveMinuteStartStreamsThroughANodeToCurlAndTheOpenAiClient(@TempDir Path dir)
      throws Exception {
    List<String> bash = blocks("bash");
    EmulateBackendCommand options = emulatorOptions(bash.get(0).lines().findFirst().orElseThrow());
    assertThat(block(bash, "switchboard.jar node").strip())
        .isEqualTo("java -jar runtime/target/switchboard.jar node --config gateway.conf");
    try (BackendEmulator emulator =
        BackendEmulator.start(options.settings(), new InetSocketAddress("127.0.0.1", 0))) {
      Path config =
          Files.writeString(
              dir.resolve("gateway.conf"),
              blocks("hocon").get(0).replace("127.0.0.1:8000", "127.0.0.1:" + emulator.port()));
      NodeSettings settings =
          new NodeSettings(
              List.of("local"),
              Optional.of(config),
              Optional.of(0),
              Optional.of(dir.resolve("data")),
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(0),
              Optional.of(0));
      SwitchboardNode node =
          SwitchboardNode.start(NodeConfig.load(settings))
              .toCompletableFuture()
              .orTimeout(90, TimeUnit.SECONDS)
              .join();
      try {
        node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
        String port = Integer.toString(node.httpAddress().getPort());
        String curl =
            block(bash, "localhost:8080/v1/chat/completions")
                .replace("localhost:8080", "127.0.0.1:" + port);
        // the connector joins the pool just after the node is ready: until then the pool answers
        // 503
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .untilAsserted(
                () -> {
                  List<String> events = events(curl);
                  JsonNode usage = JSON.readTree(events.get(events.size() - 2));
                  assertThat(usage.get("model").asText()).isEqualTo("llama-3-8b");
                  assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(8);
                  assertThat(JSON.readTree(events.get(0)).at("/choices/0/delta/role").asText())
                      .isEqualTo("assistant");
                });
        NodeScripts.install();
        Path script = NodeScripts.DIRECTORY.resolve("guide-client.tmp.mjs");
        try {
          Files.writeString(
              script,
              blocks("js")
                  .get(0)
                  .replace("http://localhost:8080/v1", "http://127.0.0.1:" + port + "/v1"));
          Process client =
              new ProcessBuilder("node", script.toString())
                  .directory(NodeScripts.DIRECTORY.toFile())
                  .redirectErrorStream(true)
                  .start();
          String printed =
              new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
          assertThat(client.exitValue()).as(printed).isZero();
          assertThat(printed.trim().split("\\s+")).as(printed).hasSize(8);
        } finally {
          Files.deleteIfExists(script);
        }
      } finally {
        node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
      }
    }
  }

  @Test
  void theWalkthroughStreamsAChatAnswerWithUsage() throws Exception {
    List<String> blocks = blocks("bash");
    String command =
        block(blocks, "--enable-prompt-tokens-details").lines().findFirst().orElseThrow();
    List<String> args =
        new ArrayList<>(
            Arrays.asList(
                command
                    .substring(command.indexOf("emulate-backend") + "emulate-backend".length())
                    .trim()
                    .split("\\s+")));
    args.set(args.indexOf("--port") + 1, "0");
    EmulateBackendCommand options = new EmulateBackendCommand();
    new CommandLine(options).parseArgs(args.toArray(String[]::new));

    try (BackendEmulator emulator =
        BackendEmulator.start(options.settings(), new InetSocketAddress("127.0.0.1", 0))) {
      String curl =
          block(blocks, "localhost:8000/v1/chat/completions")
              .replace("localhost:8000", "127.0.0.1:" + emulator.port());
      Process process = new ProcessBuilder("bash", "-c", curl).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      List<String> events =
          output
              .lines()
              .filter(line -> line.startsWith("data: "))
              .map(l -> l.substring(6))
              .toList();
      assertThat(events).as(output).last().isEqualTo("[DONE]");
      JsonNode usage = JSON.readTree(events.get(events.size() - 2));
      assertThat(usage.get("model").asText()).isEqualTo("llama-3-8b");
      assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(8);
      assertThat(usage.at("/usage/prompt_tokens_details/cached_tokens").isInt()).isTrue();
      assertThat(JSON.readTree(events.get(0)).at("/choices/0/delta/role").asText())
          .isEqualTo("assistant");
    }
  }
}
