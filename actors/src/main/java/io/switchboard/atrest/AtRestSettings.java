package io.switchboard.atrest;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code switchboard.at-rest}: which topics' payloads are stored compressed and/or encrypted, the
 * size from which compression is tried, and where the keys come from: a key file, or else the
 * environment variable {@code keyVariable} names.
 */
public record AtRestSettings(
    List<String> topics,
    Compression compression,
    int compressAbove,
    boolean encryption,
    Optional<Path> keyFile,
    String keyVariable) {

  /** The environment variable that holds the keys unless {@code key-variable} names another. */
  public static final String KEY_VARIABLE = "SWITCHBOARD_AT_REST_KEYS";

  /** How a payload is compressed before it is stored. */
  public enum Compression {
    NONE,
    LZ4,
    ZSTD
  }

  public AtRestSettings {
    topics = List.copyOf(topics);
    if (compressAbove < 0) {
      throw new IllegalArgumentException(
          "switchboard.at-rest.compress-above must be >= 0 bytes, got " + compressAbove);
    }
    if (!keyVariable.isEmpty() && !keyVariable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "switchboard.at-rest.key-variable must be an environment variable's name (letters,"
              + " digits, '_') or \"\", got '"
              + keyVariable
              + "'");
    }
  }

  /** Settings whose keys, if any, come from {@code keyFile} or {@link #KEY_VARIABLE}. */
  public AtRestSettings(
      List<String> topics,
      Compression compression,
      int compressAbove,
      boolean encryption,
      Optional<Path> keyFile) {
    this(topics, compression, compressAbove, encryption, keyFile, KEY_VARIABLE);
  }

  /** Reads {@code switchboard.at-rest}; throws naming the key when a value cannot be used. */
  public static AtRestSettings fromConfig(Config config) {
    String compression = config.getString("compression");
    Compression chosen;
    try {
      chosen = Compression.valueOf(compression.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "switchboard.at-rest.compression must be none, lz4 or zstd, got '" + compression + "'");
    }
    String keyFile = config.getString("key-file");
    return new AtRestSettings(
        config.getStringList("topics"),
        chosen,
        (int) Math.min(Integer.MAX_VALUE, config.getBytes("compress-above")),
        config.getBoolean("encryption"),
        keyFile.isBlank() ? Optional.empty() : Optional.of(Path.of(keyFile)),
        config.getString("key-variable"));
  }

  /** Returns whether payloads are changed at all. */
  public boolean active() {
    return encryption || compression != Compression.NONE;
  }

  /** Returns whether {@code topic} is one of {@link #topics} ({@code *} matches any characters). */
  public boolean covers(String topic) {
    for (String pattern : topics) {
      if (pattern.equals("*")
          || pattern.equals(topic)
          || pattern.contains("*") && Pattern.matches(glob(pattern), topic)) {
        return true;
      }
    }
    return false;
  }

  private static String glob(String pattern) {
    return String.join(".*", Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).toList());
  }
}
