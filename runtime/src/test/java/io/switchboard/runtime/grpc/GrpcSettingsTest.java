package io.switchboard.runtime.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GrpcSettingsTest {

  private static Config with(String hocon) {
    return ConfigFactory.parseString(hocon)
        .withFallback(ConfigFactory.defaultReferenceUnresolved())
        .resolve()
        .getConfig("switchboard");
  }

  @Test
  void readsTheDefaultsOfReferenceConf() {
    GrpcSettings settings = GrpcSettings.fromConfig(with(""));

    assertThat(settings.port()).isEqualTo(7070);
    assertThat(settings.iface()).isEqualTo("127.0.0.1");
    assertThat(settings.maxInboundMessageBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(settings.maxBatch()).isEqualTo(1000);
    assertThat(settings.maxCredit()).isEqualTo(10_000);
    assertThat(settings.maxPublishesInFlight()).isEqualTo(256);
    assertThat(settings.publishParallelism()).isEqualTo(8);
    assertThat(settings.shutdownDeadline()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void followsTheHttpInterface() {
    assertThat(GrpcSettings.fromConfig(with("switchboard.http.interface = \"0.0.0.0\"")).iface())
        .isEqualTo("0.0.0.0");
  }

  @Test
  void refusesAnInboundLimitBelowOneMaximalMessage() {
    assertThatThrownBy(
            () ->
                GrpcSettings.fromConfig(
                    with("switchboard.grpc.max-inbound-message-bytes = 512 KiB")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switchboard.grpc.max-inbound-message-bytes (524288)")
        .hasMessageContaining("max-payload-bytes");
  }

  @Test
  void refusesLimitsOutOfRange() {
    assertThatThrownBy(() -> GrpcSettings.fromConfig(with("switchboard.grpc.max-credit = 0")))
        .hasMessageContaining("switchboard.grpc.max-credit must be between 1 and 100000, got 0");
    assertThatThrownBy(() -> GrpcSettings.fromConfig(with("switchboard.grpc.port = 70000")))
        .hasMessageContaining("switchboard.grpc.port");
    assertThatThrownBy(() -> GrpcSettings.fromConfig(with("switchboard.grpc.keepalive-time = 0s")))
        .hasMessageContaining("switchboard.grpc.keepalive-time must be above 0");
  }

  @Test
  void leasesTheCreditPlusThePrefetchWithinTheLibrarysCeiling() {
    assertThat(GrpcSettings.fromConfig(with("")).leasedFor(100)).isEqualTo(200);
    assertThat(
            GrpcSettings.fromConfig(with("switchboard.grpc.consume-prefetch-percent = 0"))
                .leasedFor(100))
        .isEqualTo(100);
    GrpcSettings most =
        GrpcSettings.fromConfig(
            with(
                "switchboard.grpc.max-credit = 100000\nswitchboard.grpc.consume-prefetch-percent = 400"));
    assertThat(most.leasedFor(50_000)).isEqualTo(100_000);
    assertThat(most.leasedFor(100_000)).isEqualTo(100_000);
    assertThatThrownBy(
            () -> GrpcSettings.fromConfig(with("switchboard.grpc.consume-prefetch-percent = 401")))
        .hasMessageContaining(
            "switchboard.grpc.consume-prefetch-percent must be between 0 and 400, got 401");
  }
}
