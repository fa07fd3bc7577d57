package io.switchboard.runtime.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says how near the node's certificate is to its end, and logs it: a WARN when it ends within
 * {@code switchboard.tls.expiry-warning}, an ERROR once it has ended (clients refuse it). Each
 * certificate logs each state once: at start, after a reload that changed it, and when time carries
 * it into the next state. The node serves the certificate whatever its dates.
 */
final class CertificateExpiry {
  /** Where a certificate stands against the warning period. */
  enum State {
    VALID,
    EXPIRING,
    EXPIRED
  }

  private static final Logger log = LoggerFactory.getLogger(CertificateExpiry.class);
  private static final double SECONDS_PER_DAY = 86_400;

  private final String what;
  private final Path file;
  private final Duration warning;
  private final String pickedUpWithin;
  private X509Certificate logged;
  private State loggedState;

  /** Dates the certificate of the node's listeners ({@code switchboard.tls}). */
  CertificateExpiry(Path file, Duration warning) {
    this("TLS certificate", file, warning, "switchboard.tls.reload-interval");
  }

  /**
   * Dates the certificate {@code what} names, read from {@code file}; a new one is in use within
   * the setting {@code pickedUpWithin}.
   */
  CertificateExpiry(String what, Path file, Duration warning, String pickedUpWithin) {
    this.what = what;
    this.file = file;
    this.warning = warning;
    this.pickedUpWithin = pickedUpWithin;
  }

  /**
   * Returns the state of {@code certificate} at {@code now}; zero {@code warning}: never EXPIRING.
   */
  static State state(X509Certificate certificate, Instant now, Duration warning) {
    Instant end = certificate.getNotAfter().toInstant();
    if (now.isAfter(end)) {
      return State.EXPIRED;
    }
    return warning.isZero() || now.plus(warning).isBefore(end) ? State.VALID : State.EXPIRING;
  }

  /**
   * Returns the state of {@code certificate} at {@code now}, logging it when it is new for this
   * certificate.
   */
  synchronized State check(X509Certificate certificate, Instant now) {
    State state = state(certificate, now, warning);
    if (certificate.equals(logged) && state == loggedState) {
      return state;
    }
    logged = certificate;
    loggedState = state;
    Instant end = certificate.getNotAfter().toInstant();
    String which =
        file
            + " (subject "
            + certificate.getSubjectX500Principal()
            + ", serial "
            + certificate.getSerialNumber().toString(16)
            + ")";
    switch (state) {
      case EXPIRED ->
          log.error(
              "{} {} expired at {}: clients refuse every handshake with it; write a new"
                  + " certificate and key over the files (picked up within {})",
              what,
              which,
              end,
              pickedUpWithin);
      case EXPIRING ->
          log.warn(
              "{} {} expires at {}, in {} days (switchboard.tls.expiry-warning = {}):"
                  + " write a new certificate and key over the files before then (no restart needed)",
              what,
              which,
              end,
              String.format(
                  Locale.ROOT, "%.1f", Duration.between(now, end).toSeconds() / SECONDS_PER_DAY),
              warning);
      case VALID -> {}
    }
    return state;
  }
}
