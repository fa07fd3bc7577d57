package io.switchboard.runtime.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node.js scripts of {@code src/test/js} with the official {@code openai} package,
 * installing it from package-lock.json ({@code npm ci}) the first time on a fresh clone.
 */
public final class NodeScripts {
  public static final Path DIRECTORY = Path.of("src", "test", "js").toAbsolutePath();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NodeScripts() {}

  /** Installs the pinned packages unless they are already there. */
  public static void install() throws Exception {
    install(DIRECTORY, "openai");
  }

  /**
   * Runs {@code npm ci} in {@code directory} unless {@code module} is installed there. Test JVMs
   * run side by side (surefire forks), and npm ci starts by deleting node_modules: one JVM at a
   * time installs, under a file lock in target/, and the others then find the module there.
   */
  public static synchronized void install(Path directory, String module) throws Exception {
    Path installed = directory.resolve("node_modules").resolve(module);
    // checked under the lock only: another JVM's npm ci may be half way
    Path lock = Path.of("target", "npm-ci-" + directory.getFileName() + ".lock").toAbsolutePath();
    Files.createDirectories(lock.getParent());
    try (FileChannel channel =
        FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock held = channel.lock();
      try {
        if (Files.isDirectory(installed)) {
          return;
        }
        String output = run(directory, List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        assertThat(installed).as("npm ci said: %s", output).isDirectory();
      } finally {
        held.release();
      }
    }
  }

  /** Runs a script with these arguments and returns the JSON of its last line. */
  public static JsonNode json(String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", DIRECTORY.resolve(script).toString()));
    command.addAll(List.of(args));
    String output = run(command, 120).strip();
    String last = output.substring(output.lastIndexOf('\n') + 1);
    assertThat(last).as("%s printed: %s", command, output).startsWith("{");
    return MAPPER.readTree(last);
  }

  private static String run(List<String> command, int seconds)
      throws IOException, InterruptedException {
    return run(DIRECTORY, command, seconds);
  }

  /**
   * Runs {@code command} in {@code directory}, asserts it ends within {@code seconds} and returns
   * its output.
   */
  public static String run(Path directory, List<String> command, int seconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("node-script", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
      return Files.readString(log, StandardCharsets.UTF_8);
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }
}
