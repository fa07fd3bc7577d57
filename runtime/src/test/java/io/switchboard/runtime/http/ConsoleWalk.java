package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.runtime.auth.Grant;
import io.switchboard.runtime.auth.TokenFile;
import io.switchboard.runtime.auth.TokenHash;
import io.switchboard.runtime.emulator.NodeScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * What the console's browser tests share: a real node with authentication on and an operator's
 * token, and one playwright-core script of {@code src/test/js-console} run against it, whose last
 * line of output (JSON) says what it saw. Screenshots land in {@code target/console-screenshots}.
 */
final class ConsoleWalk implements AutoCloseable {
  static final Path SCRIPTS = Path.of("src", "test", "js-console").toAbsolutePath();
  static final Path SHOTS = Path.of("target", "console-screenshots").toAbsolutePath();

  private final TestNode node;
  private final String token;

  private ConsoleWalk(TestNode node, String token) {
    this.node = node;
    this.token = token;
  }

  /**
   * Starts the node in {@code dir} with one operator allowed everything, and installs
   * playwright-core once.
   */
  static ConsoleWalk start(Path dir) throws Exception {
    SecureRandom random = new SecureRandom();
    String secret = TokenHash.newSecret(random);
    Path tokens =
        Files.writeString(
            dir.resolve("tokens.txt"),
            TokenFile.line(
                    "operator",
                    "ops",
                    Grant.parseList("produce:*,consume:*,admin:*"),
                    TokenHash.hash(secret, random))
                + "\n");
    TestNode node =
        TestNode.start(
            dir, "switchboard.auth {\n enabled = on\n tokens-file = \"" + tokens + "\"\n}\n");
    Files.createDirectories(SHOTS);
    NodeScripts.install(SCRIPTS, "playwright-core");
    return new ConsoleWalk(node, TokenFile.token("operator", secret));
  }

  /**
   * Runs {@code script} with the node's URL, the token, {@code args} and the screenshot folder;
   * returns what it saw.
   */
  JsonNode walk(String script, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "node",
                SCRIPTS.resolve(script).toString(),
                "http://127.0.0.1:" + node.node().httpAddress().getPort(),
                token));
    command.addAll(List.of(args));
    command.add(SHOTS.toString());
    String output = NodeScripts.run(SCRIPTS, command, 300).strip();
    String last = output.substring(output.lastIndexOf('\n') + 1);
    assertThat(last).as("%s printed: %s", script, output).startsWith("{");
    JsonNode seen = new ObjectMapper().readTree(last);
    System.out.println(script + " saw: " + seen);
    return seen;
  }

  /** The node the console is served by. */
  TestNode node() {
    return node;
  }

  @Override
  public void close() {
    node.close();
  }
}
