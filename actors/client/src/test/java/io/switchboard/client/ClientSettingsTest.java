package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

  @Test
  void readsTheDefaultsOfReferenceConf() {
    ClientSettings settings =
        ClientSettings.fromConfig(ConfigFactory.load().getConfig("switchboard.client"));

    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(7070);
    assertThat(settings.publishWindow()).isEqualTo(1000);
    assertThat(settings.maxBatch()).isEqualTo(100);
    assertThat(settings.reconnectMinBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(settings.reconnectMaxBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.settleDelay()).isEqualTo(Duration.ofMillis(2));
  }

  @Test
  void refusesAWindowOutsideItsRangeSayingTheValue() {
    ClientSettings defaults =
        ClientSettings.fromConfig(ConfigFactory.load().getConfig("switchboard.client"));

    assertThatThrownBy(() -> defaults.withPublishWindow(0))
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("publish-window must be between 1 and 100000, got 0");
  }

  @Test
  void shrinksTheBatchToASmallerWindow() {
    ClientSettings defaults =
        ClientSettings.fromConfig(ConfigFactory.load().getConfig("switchboard.client"));

    assertThat(defaults.withPublishWindow(10).maxBatch()).isEqualTo(10);
  }

  @Test
  void refusesTlsFilesItCannotReadAndACertificateWithoutItsKey() {
    assertThatThrownBy(
            () ->
                ClientSettings.fromConfig(
                    ConfigFactory.parseString(
                            "tls { enabled = on, trust-certificates = /nonexistent/ca.pem }")
                        .withFallback(ConfigFactory.load().getConfig("switchboard.client"))))
        .hasMessageContaining("cannot read /nonexistent/ca.pem");
    assertThatThrownBy(
            () ->
                ClientSettings.fromConfig(
                    ConfigFactory.parseString("tls { enabled = on, certificate = /etc/hostname }")
                        .withFallback(ConfigFactory.load().getConfig("switchboard.client"))))
        .hasMessageContaining("tls.certificate and tls.private-key go together");
  }

  @Test
  void refusesAMaximumBackoffBelowTheMinimum() {
    ClientSettings defaults =
        ClientSettings.fromConfig(ConfigFactory.load().getConfig("switchboard.client"));

    assertThatThrownBy(
            () -> defaults.withReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("reconnect-max-backoff must not be below reconnect-min-backoff");
  }
}
