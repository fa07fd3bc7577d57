package io.switchboard.atrest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES keys of a key file or an environment variable, one a line: {@code <key-id> <base64 of 16,
 * 24 or 32 bytes>} ({@code #} starts a comment). The last key encrypts; every key decrypts, so
 * adding a line rotates the key and what older keys encrypted still opens. Ids are 1 to 64
 * characters, letters, digits, {@code .-_}.
 */
public final class KeyRing {
  private final Map<String, SecretKey> keys;
  private final String activeId;

  private KeyRing(Map<String, SecretKey> keys, String activeId) {
    this.keys = keys;
    this.activeId = activeId;
  }

  /**
   * Returns the ring of {@code settings}: from its key file, or else from the environment variable
   * it names (looked up in {@code environment}); throws {@link IllegalArgumentException} when there
   * is none, both, or the keys cannot be used.
   */
  public static KeyRing of(AtRestSettings settings, Function<String, String> environment) {
    String variable = settings.keyVariable();
    String fromEnvironment = variable.isEmpty() ? null : environment.apply(variable);
    boolean inEnvironment = fromEnvironment != null && !fromEnvironment.isBlank();
    if (settings.keyFile().isPresent() && inEnvironment) {
      throw new IllegalArgumentException(
          "the at-rest keys come from switchboard.at-rest.key-file ("
              + settings.keyFile().get()
              + ") and from the environment variable "
              + variable
              + ": set one of them");
    }
    if (settings.keyFile().isPresent()) {
      return read(settings.keyFile().get());
    }
    if (inEnvironment) {
      return parse(fromEnvironment, variable);
    }
    throw new IllegalArgumentException(
        "switchboard.at-rest.encryption is on but there is no key: set key-file"
            + " (SWITCHBOARD_AT_REST_KEY_FILE)"
            + (variable.isEmpty() ? "" : " or the environment variable " + variable));
  }

  /**
   * Reads {@code file}; throws {@link IllegalArgumentException} naming the file and line that is
   * wrong.
   */
  public static KeyRing read(Path file) {
    return read(file, "the at-rest key file");
  }

  /**
   * Reads {@code file}, called {@code what} in errors ("the end-to-end key file"); throws {@link
   * IllegalArgumentException} naming the file and line that is wrong.
   */
  public static KeyRing read(Path file, String what) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
    return fromLines(lines, line -> file + " line " + line, what + " " + file);
  }

  /**
   * Reads the keys of environment variable {@code variable}, whose {@code value} holds the lines of
   * a key file, separated by newlines or {@code ;}; errors name the variable and the key's
   * position, never the key.
   */
  public static KeyRing parse(String value, String variable) {
    return fromLines(
        List.of(value.split("[\\n;]", -1)),
        line -> "the environment variable " + variable + ", line " + line,
        "the environment variable " + variable);
  }

  private static KeyRing fromLines(List<String> lines, IntFunction<String> at, String source) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String last = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      String where = at.apply(i + 1);
      if (fields.length != 2 || !fields[0].matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(
            where
                + ": expected '<key-id> <base64 key>' with an id of 1 to 64"
                + " letters, digits, '.', '-' or '_'");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(fields[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": the key is not base64");
      }
      if (key.length != 16 && key.length != 24 && key.length != 32) {
        throw new IllegalArgumentException(
            where
                + ": an AES key is 16, 24 or 32 bytes, got "
                + key.length
                + " (make one with: openssl rand -base64 32)");
      }
      if (keys.put(fields[0], new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalArgumentException(where + ": key id '" + fields[0] + "' appears twice");
      }
      last = fields[0];
    }
    if (last == null) {
      throw new IllegalArgumentException(source + " holds no key");
    }
    return new KeyRing(Map.copyOf(keys), last);
  }

  /** Returns the id of the key that encrypts. */
  public String activeId() {
    return activeId;
  }

  SecretKey active() {
    return keys.get(activeId);
  }

  /** Returns the key of {@code id}, or null when the ring has none by that id. */
  SecretKey key(String id) {
    return keys.get(id);
  }
}
