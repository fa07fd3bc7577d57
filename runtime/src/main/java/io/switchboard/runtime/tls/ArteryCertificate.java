package io.switchboard.runtime.tls;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate Artery presents to its peers when it runs over TLS ({@code transport = tls-tcp}):
 * the PEM file of Pekko's {@code RotatingKeysSSLEngineProvider} (the {@code tls} profile) or the
 * key store of its {@code ConfigSSLEngineProvider}. Pekko reads those files itself; this reads the
 * same file every {@code switchboard.tls.reload-interval} so the node can date it like its
 * listeners' ({@link CertificateExpiry}: WARN within {@code switchboard.tls.expiry-warning}, ERROR
 * once ended) and show its end in {@link CertificateExpiryGauges} ({@code listener="artery"}).
 */
public final class ArteryCertificate implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ArteryCertificate.class);
  private static final String SSL = "pekko.remote.artery.ssl.";
  private static final String ROTATING = SSL + "rotating-keys-engine.";
  private static final String KEY_STORE = SSL + "config-ssl-engine.";

  /** Reads the certificate from its file. */
  private interface Reader {
    X509Certificate read() throws IOException, GeneralSecurityException;
  }

  private final Path file;
  private final Reader reader;
  private final CertificateExpiry expiry;
  private final Clock clock;
  private final ScheduledExecutorService reloads;
  private volatile X509Certificate current;

  private ArteryCertificate(Path file, Reader reader, CertificateExpiry expiry, Clock clock) {
    this.file = file;
    this.reader = reader;
    this.expiry = expiry;
    this.clock = clock;
    this.reloads = ReloadThread.scheduler("switchboard-artery-certificate");
  }

  /**
   * Returns Artery's certificate when {@code config} (Pekko's keys) runs Artery over TLS with one
   * of Pekko's two engine providers, dated at {@code clock}'s now and read again every {@code
   * tls.reloadInterval()}; throws {@link IllegalArgumentException} (one line naming the file) when
   * it cannot be read.
   */
  public static Optional<ArteryCertificate> start(Config config, TlsSettings tls, Clock clock) {
    Optional<ArteryCertificate> artery = of(config, tls.expiryWarning(), clock);
    artery.ifPresent(
        started -> {
          try {
            started.reload();
          } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                "Artery's TLS certificate cannot be read from "
                    + started.file
                    + ": "
                    + e.getMessage(),
                e);
          }
          long interval = tls.reloadInterval().toMillis();
          if (interval > 0) {
            started.reloads.scheduleWithFixedDelay(
                started::reloadQuietly, interval, interval, TimeUnit.MILLISECONDS);
          }
        });
    return artery;
  }

  /** Returns Artery's certificate of {@code config}, not read yet; empty without Artery TLS. */
  static Optional<ArteryCertificate> of(Config config, Duration warning, Clock clock) {
    if (!config.hasPath("pekko.remote.artery.transport")
        || !config.getString("pekko.remote.artery.transport").equals("tls-tcp")) {
      return Optional.empty();
    }
    String provider = config.getString(SSL + "ssl-engine-provider");
    if (provider.endsWith(".RotatingKeysSSLEngineProvider")) {
      Path file = Path.of(config.getString(ROTATING + "cert-file"));
      return Optional.of(
          new ArteryCertificate(
              file,
              () -> PemFiles.certificates(file)[0],
              new CertificateExpiry(
                  "Artery TLS certificate", file, warning, ROTATING + "ssl-context-cache-ttl"),
              clock));
    }
    if (provider.endsWith(".ConfigSSLEngineProvider")) {
      Path file = Path.of(config.getString(KEY_STORE + "key-store"));
      char[] password = config.getString(KEY_STORE + "key-store-password").toCharArray();
      return Optional.of(
          new ArteryCertificate(
              file,
              () -> fromKeyStore(file, password),
              new CertificateExpiry(
                  "Artery TLS certificate", file, warning, "a restart (ConfigSSLEngineProvider)"),
              clock));
    }
    log.info("Artery's TLS certificate is not dated: unknown ssl-engine-provider {}", provider);
    return Optional.empty();
  }

  /** Returns the certificate Artery presents, as last read from its file. */
  public X509Certificate certificate() {
    return current;
  }

  /**
   * Reads the file again and dates the certificate, logging when it came near its end or passed it.
   */
  void reload() throws IOException, GeneralSecurityException {
    X509Certificate read = reader.read();
    if (current != null && !read.equals(current)) {
      log.info(
          "Artery TLS certificate changed on disk: subject {}, serial {}, valid until {}",
          read.getSubjectX500Principal(),
          read.getSerialNumber().toString(16),
          read.getNotAfter().toInstant());
    }
    current = read;
    expiry.check(read, clock.instant());
  }

  @Override
  public void close() {
    reloads.shutdownNow();
  }

  private void reloadQuietly() {
    try {
      reload();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      log.warn(
          "Artery TLS certificate not read again, dating the previous one: {}", e.getMessage());
    }
  }

  /** Returns the certificate of the first key entry of a PKCS#12 or JKS key store. */
  private static X509Certificate fromKeyStore(Path file, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    }
    for (String alias : Collections.list(store.aliases())) {
      if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException(file + " holds no key entry with an X.509 certificate");
  }
}
