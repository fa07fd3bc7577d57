package io.switchboard.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One block of settings read with its limits checked: a value out of range fails at start with a
 * {@link ConfigException.BadValue} naming the full key, the file and line it came from, the range
 * allowed and the value received (a raw {@code (int) getBytes} would wrap a large size silently).
 */
public final class CheckedConfig {
  // Reads go through the full path, so that the config library's own errors (a wrong type) name
  // the full key too.
  private final Config root;
  private final String path;

  private CheckedConfig(Config root, String path) {
    this.root = root;
    this.path = path;
  }

  /** Returns the block at {@code path} of {@code root} (a full config). */
  public static CheckedConfig of(Config root, String path) {
    root.getConfig(path); // a missing or mistyped block fails here, not at the first read
    return new CheckedConfig(root, path);
  }

  /** Wraps {@code block}, a block already taken from the full config at {@code path}. */
  public static CheckedConfig at(Config block, String path) {
    return new CheckedConfig(block.atPath(path), path);
  }

  /** Returns the sub-block {@code name}. */
  public CheckedConfig block(String name) {
    return of(root, full(name));
  }

  /** Returns the raw block, for a settings class that reads its own keys. */
  public Config config() {
    return root.getConfig(path);
  }

  /** Reads a duration above zero. */
  public Duration positive(String key) {
    Duration value = root.getDuration(full(key));
    if (value.isNegative() || value.isZero()) {
      throw bad(key, "must be above 0, got " + raw(key));
    }
    return value;
  }

  /** Reads a duration of zero or more (zero usually turns something off). */
  public Duration nonNegative(String key) {
    Duration value = root.getDuration(full(key));
    if (value.isNegative()) {
      throw bad(key, "must be 0 or above, got " + raw(key));
    }
    return value;
  }

  /** Reads a duration from {@code min} to {@code max}, both included. */
  public Duration duration(String key, Duration min, Duration max) {
    Duration value = root.getDuration(full(key));
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw bad(key, "must be " + min + " to " + max + ", got " + raw(key));
    }
    return value;
  }

  /** Reads an int from {@code min} to {@code max}, both included. */
  public int intIn(String key, int min, int max) {
    int value = root.getInt(full(key));
    if (value < min || value > max) {
      throw bad(key, "must be " + min + " to " + max + ", got " + value);
    }
    return value;
  }

  /** Reads a size in bytes from {@code min} to {@code max}, both included. */
  public long bytes(String key, long min, long max) {
    long value = root.getBytes(full(key));
    if (value < min || value > max) {
      throw bad(key, "must be " + min + " to " + max + " bytes, got " + raw(key));
    }
    return value;
  }

  /** Reads a size in bytes that an int holds (at most 2 GiB - 1), at least {@code min}. */
  public int intBytes(String key, int min) {
    return (int) bytes(key, min, Integer.MAX_VALUE);
  }

  /** Reads an on/off setting. */
  public boolean flag(String key) {
    return root.getBoolean(full(key));
  }

  /**
   * Reads one of {@code type}'s constants, written in lower case with dashes ({@code os}); the case
   * is not checked.
   */
  public <E extends Enum<E>> E oneOf(String key, Class<E> type) {
    String value = root.getString(full(key));
    for (E constant : type.getEnumConstants()) {
      if (name(constant).equalsIgnoreCase(value.trim())) {
        return constant;
      }
    }
    throw bad(
        key,
        "must be one of "
            + Arrays.stream(type.getEnumConstants())
                .map(CheckedConfig::name)
                .collect(Collectors.joining(", "))
            + ", got '"
            + value
            + "'");
  }

  private static String name(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private String full(String key) {
    return path + "." + key;
  }

  /** Returns the value as written, units included. */
  private Object raw(String key) {
    return root.getValue(full(key)).unwrapped();
  }

  private ConfigException.BadValue bad(String key, String why) {
    return new ConfigException.BadValue(root.getValue(full(key)).origin(), full(key), why);
  }
}
