package io.switchboard.runtime.http;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks numbers given in query strings or bodies against their allowed range. Query numbers are
 * plain ASCII digits: no sign, no spaces, no other scripts' digits, no exponent.
 */
public final class Params {
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,15})?");

  private Params() {}

  /** Returns the integer in {@code text}, {@code fallback} when absent, or throws a 400. */
  public static int intParam(String name, Optional<String> text, int fallback, int min, int max) {
    if (text.isEmpty()) {
      return fallback;
    }
    if (!DIGITS.matcher(text.get()).matches()) {
      throw ApiException.invalid(
          name + " must be a whole number in plain digits 0-9, got '" + text.get() + "'");
    }
    return inRange(name, Long.parseLong(text.get()), min, max);
  }

  /** Returns the decimal number in {@code text} (digits, an optional fraction), or throws a 400. */
  public static double decimalParam(String name, String text) {
    if (!DECIMAL.matcher(text).matches()) {
      throw ApiException.invalid(
          name + " must be a number like 2 or 0.5 in plain digits, got '" + text + "'");
    }
    return Double.parseDouble(text);
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
      throw ApiException.invalid(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  private static int inRange(String name, long value, int min, int max) {
    if (value < min || value > max) {
      throw ApiException.invalid(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
    return (int) value;
  }
}
