package io.switchboard.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.switchboard.runtime.tls.CertificateExpiry.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Certificates made by openssl, dated at instants chosen around their end. */
class CertificateExpiryTest {
  private static final Duration WARNING = Duration.ofDays(14);

  @TempDir Path dir;

  @RegisterExtension final LogCapture logged = new LogCapture(CertificateExpiry.class);

  @Test
  void warnsOnceWithinTheWarningAndLogsAnErrorOnceItHasEnded() throws Exception {
    X509Certificate certificate = certificate("node");
    Instant end = certificate.getNotAfter().toInstant();
    CertificateExpiry expiry = new CertificateExpiry(Path.of("node.pem"), WARNING);

    assertThat(expiry.check(certificate, end.minus(Duration.ofDays(30)))).isEqualTo(State.VALID);
    assertThat(logged.events()).isEmpty();

    assertThat(expiry.check(certificate, end.minus(Duration.ofDays(3)))).isEqualTo(State.EXPIRING);
    assertThat(expiry.check(certificate, end.minus(Duration.ofDays(2)))).isEqualTo(State.EXPIRING);
    assertThat(logged.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage())
                  .contains(
                      "node.pem",
                      "CN=node",
                      "expires at " + end,
                      "in 3.0 days",
                      "switchboard.tls.expiry-warning = PT336H");
            });

    assertThat(expiry.check(certificate, end.plusSeconds(1))).isEqualTo(State.EXPIRED);
    assertThat(expiry.check(certificate, end.plusSeconds(60))).isEqualTo(State.EXPIRED);
    assertThat(logged.events())
        .hasSize(2)
        .last()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.ERROR);
              assertThat(event.getFormattedMessage())
                  .contains("node.pem", "expired at " + end, "clients refuse");
            });
  }

  @Test
  void aReplacedCertificateIsDatedAndLoggedAfresh() throws Exception {
    X509Certificate old = certificate("old");
    X509Certificate next = certificate("next");
    CertificateExpiry expiry = new CertificateExpiry(Path.of("node.pem"), WARNING);
    Instant now = old.getNotAfter().toInstant().minus(Duration.ofDays(1));

    expiry.check(old, now);
    expiry.check(next, now);

    assertThat(logged.events())
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            first -> assertThat(first).contains("CN=old"),
            second -> assertThat(second).contains("CN=next"));
  }

  @Test
  void anExpiredCertificateIsAnErrorAtOnceAndAZeroWarningNeverWarns() throws Exception {
    new TestCertificates(dir).authority("ca").expiredServer("stale", "ca").server("node", "ca");
    X509Certificate stale = PemFiles.certificates(dir.resolve("stale.pem"))[0];
    X509Certificate fresh = PemFiles.certificates(dir.resolve("node.pem"))[0];
    // each dated at the moment openssl made it: the stale one ends a day before it starts
    Instant made = stale.getNotBefore().toInstant();

    assertThat(CertificateExpiry.state(stale, made, WARNING)).isEqualTo(State.EXPIRED);
    assertThat(CertificateExpiry.state(stale, made, Duration.ZERO)).isEqualTo(State.EXPIRED);
    assertThat(CertificateExpiry.state(fresh, fresh.getNotBefore().toInstant(), WARNING))
        .as("ends within 2 days")
        .isEqualTo(State.EXPIRING);
    assertThat(CertificateExpiry.state(fresh, fresh.getNotBefore().toInstant(), Duration.ZERO))
        .isEqualTo(State.VALID);
  }

  private X509Certificate certificate(String name) throws Exception {
    if (!Files.exists(dir.resolve("ca.pem"))) {
      new TestCertificates(dir).authority("ca");
    }
    new TestCertificates(dir).server(name, "ca");
    return PemFiles.certificates(dir.resolve(name + ".pem"))[0];
  }
}
