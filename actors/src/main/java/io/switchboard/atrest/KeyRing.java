package io.switchboard.atrest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES keys of a key file, one a line: {@code <key-id> <base64 of 16, 24 or 32 bytes>} ({@code
 * #} starts a comment). The last key encrypts; every key decrypts, so adding a line rotates the key
 * and what older keys encrypted still opens. Ids are 1 to 64 characters, letters, digits, {@code
 * .-_}.
 */
public final class KeyRing {
  private final Map<String, SecretKey> keys;
  private final String activeId;

  private KeyRing(Map<String, SecretKey> keys, String activeId) {
    this.keys = keys;
    this.activeId = activeId;
  }

  /**
   * Reads {@code file}; throws {@link IllegalArgumentException} naming the file and line that is
   * wrong.
   */
  public static KeyRing read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the at-rest key file " + file + ": " + e.getMessage(), e);
    }
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String last = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      String where = file + " line " + (i + 1);
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
      throw new IllegalArgumentException("the at-rest key file " + file + " holds no key");
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
