package io.switchboard.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.runtime.metrics.NodeMetrics;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artery's certificate, made by openssl, dated and shown in {@code
 * switchboard_tls_certificate_expiry_seconds{listener="artery"}}: from the {@code tls} profile's
 * PEM file and from a PKCS#12 key store; it follows the file when it is replaced.
 */
class ArteryCertificateTest {
  // no listener TLS; a 14-day expiry warning, no reloads (the test reloads itself)
  private static final TlsSettings TLS =
      new TlsSettings(
          false,
          null,
          null,
          null,
          TlsSettings.ClientAuth.NONE,
          Duration.ZERO,
          List.of("TLSv1.3"),
          Duration.ofDays(14));

  @TempDir Path dir;

  @RegisterExtension final LogCapture logged = new LogCapture(CertificateExpiry.class);

  @Test
  void datesTheProfilesPemCertificateInTheGaugeAndFollowsItsReplacement() throws Exception {
    TestCertificates certificates =
        new TestCertificates(dir).authority("ca").server("artery", "ca").expiredServer("old", "ca");
    X509Certificate presented = PemFiles.certificates(dir.resolve("artery.pem"))[0];
    // at the moment openssl made it: it ends within two days, inside the 14-day warning
    Clock clock = Clock.fixed(presented.getNotBefore().toInstant(), ZoneOffset.UTC);
    Config config =
        artery(
            "ssl-engine-provider = org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider\n"
                + "rotating-keys-engine.cert-file = \""
                + dir.resolve("artery.pem")
                + "\"");

    try (NodeMetrics metrics = new NodeMetrics();
        ArteryCertificate artery = ArteryCertificate.start(config, TLS, clock).orElseThrow()) {
      new CertificateExpiryGauges(Optional.empty(), Optional.of(artery)).bindTo(metrics.registry());
      // a gauge holds its state weakly: it must still read the certificate after a collection
      System.gc();
      assertThat(gauge(metrics, "artery")).isEqualTo(endOf(presented));
      assertThat(metrics.scrape()).doesNotContain("listener=\"http\"");
      assertThat(logged.events())
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage())
                    .startsWith("Artery TLS certificate " + dir.resolve("artery.pem"))
                    .contains("CN=artery", "expires at " + presented.getNotAfter().toInstant());
              });

      certificates.replace("artery", "old");
      artery.reload();
      X509Certificate expired = PemFiles.certificates(dir.resolve("old.pem"))[0];
      assertThat(gauge(metrics, "artery")).isEqualTo(endOf(expired));
      assertThat(logged.events())
          .hasSize(2)
          .last()
          .satisfies(
              event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage())
                    .contains(
                        "CN=old",
                        "expired at",
                        "pekko.remote.artery.ssl.rotating-keys-engine.ssl-context-cache-ttl");
              });
    }
  }

  @Test
  void readsTheCertificateOfAPkcs12KeyStore() throws Exception {
    new TestCertificates(dir).authority("ca").server("artery", "ca").pkcs12("artery", "s3cret");
    Config config =
        artery(
            "ssl-engine-provider = org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider\n"
                + "config-ssl-engine { key-store = \""
                + dir.resolve("artery.p12")
                + "\", key-store-password = s3cret }");
    try (ArteryCertificate artery =
        ArteryCertificate.start(config, TLS, Clock.systemUTC()).orElseThrow()) {
      assertThat(artery.certificate())
          .isEqualTo(PemFiles.certificates(dir.resolve("artery.pem"))[0]);
    }
  }

  @Test
  void isAbsentWithoutArteryTlsAndRefusesAFileThatHoldsNoCertificate() throws Exception {
    Config plain =
        ConfigFactory.parseString("pekko.remote.artery.transport = tcp")
            .withFallback(artery("ssl-engine-provider = x"));
    assertThat(ArteryCertificate.start(plain, TLS, Clock.systemUTC())).isEmpty();

    new TestCertificates(dir).authority("ca").server("artery", "ca");
    Config keyAsCertificate =
        artery(
            "ssl-engine-provider = org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider\n"
                + "rotating-keys-engine.cert-file = \""
                + dir.resolve("artery.key")
                + "\"");
    assertThatThrownBy(() -> ArteryCertificate.start(keyAsCertificate, TLS, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("artery.key");
  }

  private static Config artery(String ssl) {
    return ConfigFactory.parseString(
        "pekko.remote.artery { transport = tls-tcp, ssl { " + ssl + " } }");
  }

  private static double endOf(X509Certificate certificate) {
    return certificate.getNotAfter().toInstant().getEpochSecond();
  }

  /** Returns the value of the expiry gauge of {@code listener} in the node's Prometheus text. */
  private static double gauge(NodeMetrics metrics, String listener) {
    String prefix = "switchboard_tls_certificate_expiry_seconds{listener=\"" + listener + "\"} ";
    return metrics
        .scrape()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + "in " + metrics.scrape()));
  }
}
