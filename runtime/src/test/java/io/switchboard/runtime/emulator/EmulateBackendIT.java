package io.switchboard.runtime.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar switchboard.jar emulate-backend} as its own process, with a fault for every
 * request.
 */
class EmulateBackendIT {
  private static final Pattern SERVING =
      Pattern.compile("emulating it-model on http://127\\.0\\.0\\.1:(\\d+)/v1");

  @Test
  void servesFromTheJarWithAProcessWideFault(@TempDir Path dir) throws Exception {
    Path jar = Path.of(System.getProperty("switchboard.jar"));
    Path log = dir.resolve("emulator.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-jar",
                    jar.toString(),
                    "emulate-backend",
                    "--port",
                    "0",
                    "--model",
                    "it-model",
                    "--fault",
                    "status=503"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Matcher serving = SERVING.matcher("");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> serving.reset(Files.readString(log, StandardCharsets.UTF_8)).find());
      int port = Integer.parseInt(serving.group(1));
      Wire.Answer models = Wire.get(port, "/v1/models");
      assertThat(models.status()).isEqualTo(200);
      assertThat(models.body()).contains("\"id\":\"it-model\"", "\"max_model_len\":4096");
      Wire.Answer chat =
          Wire.post(
              port,
              "/v1/chat/completions",
              "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
              "");
      assertThat(chat.status()).isEqualTo(503);
      Wire.Answer healed =
          Wire.post(
              port,
              "/v1/chat/completions",
              "{\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
              "x-emulator-fault: die-after=99\r\n");
      assertThat(healed.status()).as("a request's own fault replaces the process's").isEqualTo(200);
      assertThat(healed.body()).contains("\"completion_tokens\":3");
    } finally {
      process.destroy();
      process.waitFor();
    }
  }
}
