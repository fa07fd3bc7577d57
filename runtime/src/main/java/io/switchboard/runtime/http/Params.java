package io.switchboard.runtime.http;

import java.util.Optional;

/** Checks numbers given in query strings or bodies against their allowed range. */
public final class Params {
  private Params() {}

  /** Returns the integer in {@code text}, {@code fallback} when absent, or throws a 400. */
  public static int intParam(String name, Optional<String> text, int fallback, int min, int max) {
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return inRange(name, Long.parseLong(text.get().trim()), min, max);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name + " must be an integer, got '" + text.get() + "'");
    }
  }

  /** Returns {@code value}, {@code fallback} when null, or throws a 400 when out of range. */
  public static int intValue(String name, Integer value, int fallback, int min, int max) {
    return value == null ? fallback : inRange(name, value, min, max);
  }

  /** Returns {@code value}, {@code fallback} when null, or throws a 400 when out of range. */
  public static long longValue(String name, Long value, long fallback, long min, long max) {
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      throw ApiException.invalid(name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  private static int inRange(String name, long value, int min, int max) {
    if (value < min || value > max) {
      throw ApiException.invalid(name + " must be between " + min + " and " + max + ", got " + value);
    }
    return (int) value;
  }
}
