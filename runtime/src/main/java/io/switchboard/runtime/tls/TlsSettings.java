package io.switchboard.runtime.tls;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The settings of {@code switchboard.tls}.
 *
 * @param enabled TLS on every listener of the node
 * @param certificate PEM file with this node's certificate chain, its own certificate first
 * @param privateKey PEM file with the certificate's private key (unencrypted PKCS#8)
 * @param clientCa PEM file with the certificate authorities whose client certificates are accepted;
 *     {@code null} when none are
 * @param clientAuth whether clients present a certificate
 * @param reloadInterval how often the files are checked for a change; zero: never
 * @param protocols the TLS versions offered
 * @param expiryWarning how long before its end the certificate is logged as expiring; zero: only
 *     once it has ended
 */
public record TlsSettings(
    boolean enabled,
    Path certificate,
    Path privateKey,
    Path clientCa,
    ClientAuth clientAuth,
    Duration reloadInterval,
    List<String> protocols,
    Duration expiryWarning) {

  /** Whether a client must, may or does not present a certificate. */
  public enum ClientAuth {
    NONE,
    WANT,
    NEED
  }

  /** Validates the values; throws {@link IllegalArgumentException} naming the setting and value. */
  public TlsSettings {
    protocols = List.copyOf(protocols);
    if (enabled && (certificate == null || privateKey == null)) {
      throw new IllegalArgumentException(
          "switchboard.tls.enabled = on needs switchboard.tls.certificate and "
              + "switchboard.tls.private-key (PEM files)");
    }
    if (clientAuth != ClientAuth.NONE && clientCa == null) {
      throw new IllegalArgumentException(
          "switchboard.tls.client-auth = "
              + clientAuth.name().toLowerCase(Locale.ROOT)
              + " needs switchboard.tls.client-ca (PEM file of the CAs that sign client certificates)");
    }
    if (reloadInterval.isNegative()) {
      throw new IllegalArgumentException(
          "switchboard.tls.reload-interval must be >= 0, got " + reloadInterval);
    }
    if (expiryWarning.isNegative()) {
      throw new IllegalArgumentException(
          "switchboard.tls.expiry-warning must be >= 0, got " + expiryWarning);
    }
    if (protocols.isEmpty()
        || !protocols.stream().allMatch(p -> p.equals("TLSv1.3") || p.equals("TLSv1.2"))) {
      throw new IllegalArgumentException(
          "switchboard.tls.protocols must name TLSv1.3 and/or TLSv1.2, got " + protocols);
    }
  }

  /** Reads {@code switchboard.tls}. */
  public static TlsSettings fromConfig(Config tls) {
    String auth = tls.getString("client-auth").toUpperCase(Locale.ROOT);
    ClientAuth clientAuth;
    try {
      clientAuth = ClientAuth.valueOf(auth);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "switchboard.tls.client-auth must be none, want or need, got '"
              + tls.getString("client-auth")
              + "'");
    }
    return new TlsSettings(
        tls.getBoolean("enabled"),
        path(tls, "certificate"),
        path(tls, "private-key"),
        path(tls, "client-ca"),
        clientAuth,
        tls.getDuration("reload-interval"),
        tls.getStringList("protocols"),
        tls.getDuration("expiry-warning"));
  }

  private static Path path(Config tls, String key) {
    String value = tls.getString(key);
    return value.isBlank() ? null : Path.of(value);
  }
}
