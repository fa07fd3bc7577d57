package io.switchboard.client;

import com.typesafe.config.Config;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.atrest.AtRestSettings;
import io.switchboard.atrest.KeyRing;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * End-to-end payload encryption in the client ({@code switchboard.client.e2e}): payloads of the
 * covered topics are compressed and encrypted before they leave the client and opened on delivery,
 * so the node never holds their plaintext. Keys come from a key file or an environment variable,
 * one {@code <key-id> <base64 AES key>} a line; the last encrypts, all decrypt.
 *
 * @param enabled seal and open payloads
 * @param topics topic patterns ({@code *}: any characters) whose payloads are sealed
 * @param compression {@code NONE}, {@code LZ4} or {@code ZSTD}, before encryption
 * @param compressAbove payloads larger than this many bytes are compressed (when that pays)
 * @param keyFile the key file; empty: the environment variable {@code keyVariable}
 * @param keyVariable the environment variable that holds the keys when there is no key file
 */
public record ClientEncryption(
    boolean enabled,
    List<String> topics,
    AtRestSettings.Compression compression,
    int compressAbove,
    Optional<Path> keyFile,
    String keyVariable) {

  /** The environment variable of the keys unless {@code key-variable} names another. */
  public static final String KEY_VARIABLE = "SWITCHBOARD_E2E_KEYS";

  /** No end-to-end encryption: payloads go to the node as they are. */
  public static final ClientEncryption OFF =
      new ClientEncryption(
          false,
          List.of("*"),
          AtRestSettings.Compression.LZ4,
          1024,
          Optional.empty(),
          KEY_VARIABLE);

  public ClientEncryption {
    topics = List.copyOf(topics);
    if (compressAbove < 0) {
      throw invalid("e2e.compress-above must be >= 0 bytes, got " + compressAbove);
    }
    if (!keyVariable.isEmpty() && !keyVariable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw invalid("e2e.key-variable must be an environment variable's name, got " + keyVariable);
    }
  }

  /** Encryption of every topic's payloads with the keys of {@code keyFile}, lz4 above 1 KiB. */
  public static ClientEncryption withKeyFile(Path keyFile) {
    return new ClientEncryption(
        true, OFF.topics, OFF.compression, OFF.compressAbove, Optional.of(keyFile), KEY_VARIABLE);
  }

  /** Returns these settings sealing only the payloads of topics matching {@code patterns}. */
  public ClientEncryption forTopics(List<String> patterns) {
    return new ClientEncryption(
        enabled, patterns, compression, compressAbove, keyFile, keyVariable);
  }

  /** Returns these settings compressing with {@code value} above {@code above} bytes. */
  public ClientEncryption withCompression(AtRestSettings.Compression value, int above) {
    return new ClientEncryption(enabled, topics, value, above, keyFile, keyVariable);
  }

  /** Reads an {@code e2e} block. */
  static ClientEncryption fromConfig(Config e2e) {
    String compression = e2e.getString("compression");
    AtRestSettings.Compression chosen;
    try {
      chosen = AtRestSettings.Compression.valueOf(compression.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("e2e.compression must be none, lz4 or zstd, got '" + compression + "'");
    }
    String keyFile = e2e.getString("key-file");
    return new ClientEncryption(
        e2e.getBoolean("enabled"),
        e2e.getStringList("topics"),
        chosen,
        (int) Math.min(Integer.MAX_VALUE, e2e.getBytes("compress-above")),
        keyFile.isBlank() ? Optional.empty() : Optional.of(Path.of(keyFile)),
        e2e.getString("key-variable"));
  }

  /** Returns whether {@code topic}'s payloads are sealed. */
  public boolean covers(String topic) {
    return asPatterns().covers(topic);
  }

  /** The topic patterns, matched the way {@code switchboard.at-rest.topics} are. */
  AtRestSettings asPatterns() {
    return new AtRestSettings(topics, compression, compressAbove, true, keyFile, keyVariable);
  }

  /** Reads the keys: from the key file, or else the environment variable (in {@code env}). */
  KeyRing keys(Function<String, String> env) {
    String fromVariable = keyVariable.isEmpty() ? null : env.apply(keyVariable);
    boolean inVariable = fromVariable != null && !fromVariable.isBlank();
    try {
      if (keyFile.isPresent() && inVariable) {
        throw new IllegalArgumentException(
            "the end-to-end keys come from e2e.key-file ("
                + keyFile.get()
                + ") and from the environment variable "
                + keyVariable
                + ": set one of them");
      }
      if (keyFile.isPresent()) {
        return KeyRing.read(keyFile.get(), "the end-to-end key file");
      }
      if (inVariable) {
        return KeyRing.parse(fromVariable, keyVariable);
      }
      throw new IllegalArgumentException(
          "e2e.enabled is on but there is no key: set e2e.key-file or the environment variable "
              + (keyVariable.isEmpty() ? KEY_VARIABLE : keyVariable));
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private static SwitchboardException invalid(String message) {
    return new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "switchboard.client: " + message);
  }
}
