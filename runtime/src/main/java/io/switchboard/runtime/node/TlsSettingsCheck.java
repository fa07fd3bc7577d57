package io.switchboard.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.runtime.tls.NodeTls;
import io.switchboard.runtime.tls.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a TLS transport for Artery whose files (the {@code tls} profile's PEM files, or the key
 * and trust stores of Pekko's {@code ConfigSSLEngineProvider}) were not given or cannot be read
 * (Pekko would otherwise fall back to the samples and mount points of its own {@code
 * reference.conf}), and listener TLS ({@code switchboard.tls}) whose settings or files cannot be
 * used.
 */
final class TlsSettingsCheck {
  private static final String SSL = "pekko.remote.artery.ssl.";
  private static final String ENGINE = SSL + "config-ssl-engine.";
  private static final String ROTATING = SSL + "rotating-keys-engine.";
  private static final String ROTATING_PROVIDER =
      "org.apache.pekko.remote.artery.tcp.ssl.RotatingKeysSSLEngineProvider";
  private static final Map<String, String> REQUIRED = new LinkedHashMap<>();
  private static final Map<String, String> PEM_FILES = new LinkedHashMap<>();

  static {
    REQUIRED.put("key-store", "SWITCHBOARD_TLS_KEY_STORE");
    REQUIRED.put("key-store-password", "SWITCHBOARD_TLS_KEY_STORE_PASSWORD");
    REQUIRED.put("key-password", "SWITCHBOARD_TLS_KEY_PASSWORD");
    REQUIRED.put("trust-store", "SWITCHBOARD_TLS_TRUST_STORE");
    REQUIRED.put("trust-store-password", "SWITCHBOARD_TLS_TRUST_STORE_PASSWORD");
    PEM_FILES.put("key-file", "SWITCHBOARD_ARTERY_PRIVATE_KEY");
    PEM_FILES.put("cert-file", "SWITCHBOARD_ARTERY_CERTIFICATE");
    PEM_FILES.put("ca-cert-file", "SWITCHBOARD_ARTERY_CA");
  }

  private TlsSettingsCheck() {}

  /** Throws {@link IllegalArgumentException} (one line) when listener TLS is on and cannot work. */
  static void requireListenerTls(Config config) {
    NodeTls.check(TlsSettings.fromConfig(config.getConfig("switchboard.tls")));
  }

  /**
   * Throws {@link IllegalArgumentException} (one line) naming every missing setting or unreadable
   * file.
   */
  static void requireStores(Config config) {
    if (!"tls-tcp".equals(config.getString("pekko.remote.artery.transport"))) {
      return;
    }
    if (ROTATING_PROVIDER.equals(config.getString(SSL + "ssl-engine-provider"))) {
      List<String> unusable =
          PEM_FILES.entrySet().stream()
              // unset, they name Pekko's default mount point: fine if the files are there
              .filter(
                  file -> !Files.isReadable(Path.of(config.getString(ROTATING + file.getKey()))))
              .map(
                  file ->
                      file.getValue()
                          + " ("
                          + ROTATING
                          + file.getKey()
                          + " = '"
                          + config.getString(ROTATING + file.getKey())
                          + "')")
              .toList();
      if (!unusable.isEmpty()) {
        throw new IllegalArgumentException(
            "profile 'tls' needs the PEM files of Artery's mutual TLS; not set or"
                + " not readable: "
                + String.join(", ", unusable));
      }
      return;
    }
    Config pekkoSamples = ConfigFactory.defaultReference();
    List<String> missing =
        REQUIRED.entrySet().stream()
            .filter(setting -> isSample(config, pekkoSamples, ENGINE + setting.getKey()))
            .map(setting -> setting.getValue() + " (" + ENGINE + setting.getKey() + ")")
            .toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "profile 'tls' needs its key store, trust store and "
              + "passwords; not set: "
              + String.join(", ", missing));
    }
  }

  private static boolean isSample(Config config, Config samples, String path) {
    String value = config.hasPath(path) ? config.getString(path) : "";
    return value.isBlank() || (samples.hasPath(path) && value.equals(samples.getString(path)));
  }
}
