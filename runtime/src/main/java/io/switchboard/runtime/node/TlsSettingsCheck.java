package io.switchboard.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.runtime.tls.NodeTls;
import io.switchboard.runtime.tls.TlsSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a TLS transport whose key store, trust store or passwords were not given (Pekko would
 * otherwise fall back to the sample stores of its own {@code reference.conf}), and listener TLS
 * ({@code switchboard.tls}) whose settings or files cannot be used.
 */
final class TlsSettingsCheck {
  private static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine.";
  private static final Map<String, String> REQUIRED = new LinkedHashMap<>();

  static {
    REQUIRED.put("key-store", "SWITCHBOARD_TLS_KEY_STORE");
    REQUIRED.put("key-store-password", "SWITCHBOARD_TLS_KEY_STORE_PASSWORD");
    REQUIRED.put("key-password", "SWITCHBOARD_TLS_KEY_PASSWORD");
    REQUIRED.put("trust-store", "SWITCHBOARD_TLS_TRUST_STORE");
    REQUIRED.put("trust-store-password", "SWITCHBOARD_TLS_TRUST_STORE_PASSWORD");
  }

  private TlsSettingsCheck() {}

  /** Throws {@link IllegalArgumentException} (one line) when listener TLS is on and cannot work. */
  static void requireListenerTls(Config config) {
    NodeTls.start(TlsSettings.fromConfig(config.getConfig("switchboard.tls"))).ifPresent(NodeTls::close);
  }

  /** Throws {@link IllegalArgumentException} (one line) naming every missing setting. */
  static void requireStores(Config config) {
    if (!"tls-tcp".equals(config.getString("pekko.remote.artery.transport"))) {
      return;
    }
    Config pekkoSamples = ConfigFactory.defaultReference();
    List<String> missing = REQUIRED.entrySet().stream()
        .filter(setting -> isSample(config, pekkoSamples, ENGINE + setting.getKey()))
        .map(setting -> setting.getValue() + " (" + ENGINE + setting.getKey() + ")")
        .toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("profile 'tls' needs its key store, trust store and "
          + "passwords; not set: " + String.join(", ", missing));
    }
  }

  private static boolean isSample(Config config, Config samples, String path) {
    String value = config.hasPath(path) ? config.getString(path) : "";
    return value.isBlank() || (samples.hasPath(path) && value.equals(samples.getString(path)));
  }
}
