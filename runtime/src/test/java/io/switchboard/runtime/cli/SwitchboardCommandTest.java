package io.switchboard.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.switchboard.runtime.auth.AuthSettings;
import io.switchboard.runtime.auth.Authenticator;
import io.switchboard.runtime.auth.Grant;
import io.switchboard.runtime.auth.Principal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SwitchboardCommandTest {

  private static String run(String... args) {
    CommandLine line = SwitchboardCommand.commandLine();
    StringWriter out = new StringWriter();
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(out));
    assertThat(line.execute(args)).as(String.join(" ", args)).isZero();
    return out.toString();
  }

  @Test
  void listsEveryCommand() {
    assertThat(run("--help"))
        .contains("node", "schema", "bench", "simulate", "emulate-backend", "token");
  }

  @Test
  void answersHelpAndVersionOnEveryCommand() {
    for (String command : new String[] {"node", "schema", "bench", "simulate", "emulate-backend"}) {
      assertThat(run(command, "--help")).contains("Usage:");
      assertThat(run(command, "--version")).contains("Switchboard");
    }
    assertThat(run("--version")).contains("Switchboard", "Java");
  }

  @Test
  void emulateBackendReadsItsOptionsIntoSettings() {
    EmulateBackendCommand command = new EmulateBackendCommand();
    new CommandLine(command)
        .parseArgs(
            "--model",
            "llama",
            "--b0-ms",
            "30",
            "--b1-ms",
            "0.5",
            "--b2-ms",
            "12",
            "--max-num-seqs",
            "8",
            "--fault",
            "die-after=4",
            "--enable-prompt-tokens-details",
            "--stall-for",
            "2s");
    io.switchboard.runtime.emulator.EmulatorSettings settings = command.settings();
    assertThat(settings.model()).isEqualTo("llama");
    assertThat(settings.timing().b0()).isEqualTo(30e6);
    assertThat(settings.timing().b1()).isEqualTo(0.5e6);
    assertThat(settings.timing().b2()).isEqualTo(12e6);
    assertThat(settings.maxConcurrency()).isEqualTo(8);
    assertThat(settings.fault())
        .isEqualTo(io.switchboard.runtime.emulator.Fault.parse("die-after=4"));
    assertThat(settings.promptTokensDetails()).isTrue();
    assertThat(settings.stallFor()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void readsShortDurations() {
    DurationConverter converter = new DurationConverter();
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("PT1H")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void schemaHelpListsOnlyTheOptionsSchemaUses() {
    assertThat(run("schema", "--help"))
        .contains("--profile", "--config", "--data-dir")
        .doesNotContain("--http-port", "--seed-nodes", "--host", "--port", "--management-port");
    assertThat(run("node", "--help"))
        .contains(
            "--profile",
            "--config",
            "--data-dir",
            "--http-port",
            "--seed-nodes",
            "--host",
            "--port",
            "--management-port");
  }

  @Test
  void nodeRefusesTheTlsProfileWithoutItsPemFilesInOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      status =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () ->
                  SwitchboardCommand.commandLine()
                      .execute("node", "--profile", "tls", "--http-port", "0"));
    } finally {
      System.setErr(stderr);
    }
    assertThat(status).isNotZero();
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .startsWith("node: cannot start: profile 'tls'")
        .contains("SWITCHBOARD_ARTERY_PRIVATE_KEY", "SWITCHBOARD_ARTERY_CA")
        .doesNotContain("\n");
  }

  @Test
  void nodeRefusesANonLoopbackBindWithoutAuthenticationInOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      status =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () ->
                  SwitchboardCommand.commandLine()
                      .execute(
                          "node",
                          "--host",
                          "0.0.0.0",
                          "--http-port",
                          "0",
                          "--grpc-port",
                          "0",
                          "--management-port",
                          "0"));
    } finally {
      System.setErr(stderr);
    }
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .startsWith("node: cannot start: HTTP on 0.0.0.0, gRPC on 0.0.0.0 without authentication")
        .contains("--insecure")
        .doesNotContain("\n");
  }

  @Test
  void nodeRefusesASettingOutOfRangeInOneLineNamingItsKeyAndFile(@TempDir Path dir)
      throws Exception {
    Path config =
        Files.writeString(dir.resolve("node.conf"), "switchboard.node.startup-timeout = 0s\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      status =
          SwitchboardCommand.commandLine()
              .execute("node", "--config", config.toString(), "--http-port", "0");
    } finally {
      System.setErr(stderr);
    }
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip())
        .startsWith("node: cannot start: ")
        .contains("node.conf: 1", "switchboard.node.startup-timeout", "must be above 0, got 0s")
        .doesNotContain("\n");
  }

  @Test
  void tokenPrintsTheTokenAndALineThatAuthenticatesIt(@TempDir Path dir) throws Exception {
    CommandLine line = SwitchboardCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));

    int status =
        line.execute(
            "token",
            "ingest",
            "--tenant",
            "team-a",
            "--grant",
            "produce:chat.*",
            "--grant",
            "consume:replies");

    assertThat(status).isZero();
    String token = err.toString().strip().replaceFirst("^token: ", "");
    assertThat(token).startsWith("sb.ingest.");
    Path file = Files.writeString(dir.resolve("tokens.txt"), out.toString());
    Authenticator auth =
        Authenticator.of(
            new AuthSettings(true, Optional.of(file), Duration.ZERO, Optional.empty()),
            Instant.EPOCH);
    assertThat(auth.authenticate(Optional.of("Bearer " + token), Instant.EPOCH))
        .isEqualTo(
            new Authenticator.Authenticated(
                new Principal(
                    "ingest",
                    "team-a",
                    List.of(Grant.parse("produce:chat.*"), Grant.parse("consume:replies")))));
  }

  @Test
  void tokenRefusesABadGrantWithStatusTwo() {
    CommandLine line = SwitchboardCommand.commandLine();
    StringWriter err = new StringWriter();
    line.setErr(new PrintWriter(err, true));

    assertThat(line.execute("token", "ingest", "--grant", "write:x")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown right 'write'");
  }
}
