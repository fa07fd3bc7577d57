package io.switchboard.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.emulator.BackendEmulator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs docs/gateway.md's emulator walkthrough as written: its command line, then its curl call. */
class GatewayGuideTest {
  private static final Path GUIDE = Path.of("..", "docs", "gateway.md");
  private static final Pattern BASH = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theWalkthroughStreamsAChatAnswerWithUsage() throws Exception {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = BASH.matcher(Files.readString(GUIDE, StandardCharsets.UTF_8));
    while (matcher.find()) {
      blocks.add(matcher.group(1).replace("\\\n", " "));
    }
    String command = blocks.get(0).lines().findFirst().orElseThrow();
    List<String> args = new ArrayList<>(Arrays.asList(
        command.substring(command.indexOf("emulate-backend") + "emulate-backend".length()).trim().split("\\s+")));
    args.set(args.indexOf("--port") + 1, "0");
    EmulateBackendCommand options = new EmulateBackendCommand();
    new CommandLine(options).parseArgs(args.toArray(String[]::new));

    try (BackendEmulator emulator = BackendEmulator.start(options.settings(), new InetSocketAddress("127.0.0.1", 0))) {
      String curl = blocks.get(1).replace("localhost:8000", "127.0.0.1:" + emulator.port());
      Process process = new ProcessBuilder("bash", "-c", curl).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      List<String> events = output.lines().filter(line -> line.startsWith("data: ")).map(l -> l.substring(6)).toList();
      assertThat(events).as(output).last().isEqualTo("[DONE]");
      JsonNode usage = JSON.readTree(events.get(events.size() - 2));
      assertThat(usage.get("model").asText()).isEqualTo("llama-3-8b");
      assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(8);
      assertThat(usage.at("/usage/prompt_tokens_details/cached_tokens").isInt()).isTrue();
      assertThat(JSON.readTree(events.get(0)).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    }
  }
}
