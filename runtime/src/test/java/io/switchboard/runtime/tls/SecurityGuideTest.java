package io.switchboard.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/security.md's walkthroughs as written: openssl or token blocks, a node on their files, their
 * curls.
 */
class SecurityGuideTest {
  private static final Pattern BASH = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL);

  @Test
  void theTlsWalkthroughRunsAsWritten(@TempDir Path dir) throws Exception {
    List<String> blocks = bashBlocks(Files.readString(Path.of("../docs/security.md")));
    String certificates =
        blocks.stream().filter(b -> b.startsWith("# certificates")).findFirst().orElseThrow();
    String curl =
        blocks.stream()
            .filter(b -> b.startsWith("curl --cacert ca.pem https://localhost:8080"))
            .findFirst()
            .orElseThrow();
    assertThat(bash(dir, certificates)).startsWith("exit 0");

    // the environment variables of the guide's start command, as a --config file
    Path config =
        Files.writeString(
            dir.resolve("tls.conf"),
            "switchboard.tls {\n enabled = on\n certificate = \""
                + dir.resolve("node.pem")
                + "\"\n private-key = \""
                + dir.resolve("node.key")
                + "\"\n}\n");
    SwitchboardNode node =
        SwitchboardNode.start(
                NodeConfig.load(
                    new NodeSettings(
                        List.of("local"),
                        Optional.of(config),
                        Optional.of(0),
                        Optional.of(dir.resolve("data")),
                        List.of(),
                        Optional.empty(),
                        Optional.of(0),
                        Optional.of(0),
                        Optional.of(0))))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    try {
      node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
      String answer =
          bash(dir, curl.replace("localhost:8080", "localhost:" + node.httpAddress().getPort()));
      assertThat(answer).startsWith("exit 0").contains("[");
    } finally {
      node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
      node.system()
          .getWhenTerminated()
          .toCompletableFuture()
          .orTimeout(60, TimeUnit.SECONDS)
          .join();
    }
  }

  @Test
  void theTokenWalkthroughRunsAsWritten(@TempDir Path dir) throws Exception {
    List<String> blocks = bashBlocks(Files.readString(Path.of("../docs/security.md")));
    String tokens = blocks.stream().filter(b -> b.startsWith("# tokens")).findFirst().orElseThrow();
    String curls =
        blocks.stream().filter(b -> b.startsWith("# who may do what")).findFirst().orElseThrow();
    // the jar is built after the tests: the same command line from the test's class path, in its
    // own JVM
    String cli =
        Path.of(System.getProperty("java.home"), "bin", "java")
            + " -cp '"
            + System.getProperty("java.class.path")
            + "' io.switchboard.runtime.cli.SwitchboardCommand";
    assertThat(bash(dir, tokens.replace("java -jar runtime/target/switchboard.jar", cli)))
        .startsWith("exit 0");

    // the environment variables of the guide's start command, as a --config file
    Path config =
        Files.writeString(
            dir.resolve("auth.conf"),
            "switchboard.auth {\n enabled = on\n tokens-file = \""
                + dir.resolve("tokens.txt")
                + "\"\n}\n");
    SwitchboardNode node =
        SwitchboardNode.start(
                NodeConfig.load(
                    new NodeSettings(
                        List.of("local"),
                        Optional.of(config),
                        Optional.of(0),
                        Optional.of(dir.resolve("data")),
                        List.of(),
                        Optional.empty(),
                        Optional.of(0),
                        Optional.of(0),
                        Optional.of(0))))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    try {
      node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
      String answer =
          bash(dir, curls.replace("127.0.0.1:8080", "127.0.0.1:" + node.httpAddress().getPort()));
      assertThat(answer).isEqualTo("exit 0\n401\n201\n200\n403\n");
    } finally {
      node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
      node.system()
          .getWhenTerminated()
          .toCompletableFuture()
          .orTimeout(60, TimeUnit.SECONDS)
          .join();
    }
  }

  private static List<String> bashBlocks(String doc) {
    Matcher block = BASH.matcher(doc);
    List<String> blocks = new java.util.ArrayList<>();
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }

  /** Runs {@code script} with bash in {@code dir}; returns "exit N" and the output. */
  private static String bash(Path dir, String script) throws Exception {
    Process process =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    process.waitFor(60, TimeUnit.SECONDS);
    return "exit " + process.exitValue() + "\n" + output;
  }
}
