package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node on a non-loopback address needs authentication or --insecure. */
class ExposureCheckTest {
  @TempDir Path dir;

  @Test
  void loopbackNeedsNoAuthentication() {
    assertThat(
            ExposureCheck.exposedPorts(
                RuntimeSettings.of(NodeConfig.load(settings(Optional.empty(), "")))))
        .isEmpty();
  }

  @Test
  void refusesEveryExposedPortWithoutAuthentication() throws Exception {
    assertThatThrownBy(() -> NodeConfig.load(settings(Optional.of("0.0.0.0"), "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("HTTP on 0.0.0.0, gRPC on 0.0.0.0 without authentication");
    assertThatThrownBy(
            () ->
                NodeConfig.load(
                    settings(Optional.empty(), "pekko.management.http.hostname = \"0.0.0.0\"")))
        .hasMessageStartingWith("management on 0.0.0.0 without authentication");
  }

  @Test
  void startsExposedWhenToldInsecure() {
    Config config = NodeConfig.load(settings(Optional.of("0.0.0.0"), "").withInsecure(true));

    assertThat(config.getBoolean("switchboard.insecure")).isTrue();
    assertThat(ExposureCheck.exposedPorts(RuntimeSettings.of(config)))
        .containsExactly("HTTP on 0.0.0.0", "gRPC on 0.0.0.0");
  }

  @Test
  void startsExposedWithAuthentication() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens.txt"), "# none yet\n");
    Config config =
        NodeConfig.load(
            settings(
                Optional.of("0.0.0.0"),
                "switchboard.auth { enabled = on, tokens-file = \"" + tokens + "\" }"));

    assertThat(ExposureCheck.exposedPorts(RuntimeSettings.of(config))).isEmpty();
  }

  @Test
  void refusesAuthenticationWithoutTokensOrKeys() {
    assertThatThrownBy(
            () -> NodeConfig.load(settings(Optional.empty(), "switchboard.auth.enabled = on")))
        .hasMessageContaining("switchboard.auth.enabled = on needs switchboard.auth.tokens-file");
  }

  private NodeSettings settings(Optional<String> host, String hocon) {
    try {
      Path config = Files.writeString(dir.resolve("test.conf"), hocon);
      return new NodeSettings(
          List.of("local"),
          Optional.of(config),
          Optional.of(0),
          Optional.of(dir.resolve("data")),
          List.of(),
          host,
          Optional.empty(),
          Optional.of(0),
          Optional.of(0));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
