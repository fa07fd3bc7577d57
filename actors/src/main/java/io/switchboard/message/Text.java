package io.switchboard.message;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;

/**
 * The rule for every string that reaches a journal, the registry or the wire: well-formed UTF-16
 * (no unpaired surrogate, which no encoder can write) and no control character (C0 U+0000–U+001F,
 * DEL U+007F, C1 U+0080–U+009F). A tab is allowed only where a field says so (header values, as in
 * HTTP); everywhere else it is a control character like the others.
 */
public final class Text {
  private static final int QUOTE_LENGTH = 64;

  private Text() {}

  /**
   * Returns {@code value} (null passes) or throws {@code code} naming {@code field} and the first
   * offending character; {@code tabAllowed} lets U+0009 through.
   */
  public static String require(ErrorCode code, String field, String value, boolean tabAllowed) {
    String fault = fault(value, tabAllowed);
    if (fault != null) {
      throw new SwitchboardException(code, field + " " + fault);
    }
    return value;
  }

  /** Returns {@code value} (null passes) or throws {@code code} if it has an unpaired surrogate. */
  public static String requireWellFormed(ErrorCode code, String field, String value) {
    int at = unpairedSurrogate(value);
    if (at >= 0) {
      throw new SwitchboardException(code, field + " " + surrogateFault(value, at));
    }
    return value;
  }

  /** Returns whether {@code value} (non-null) is well-formed and free of control characters. */
  public static boolean isClean(String value, boolean tabAllowed) {
    return fault(value, tabAllowed) == null;
  }

  /**
   * Returns what is wrong with {@code value} ("has a control character U+0007 at index 3"), or null
   * when nothing is (null included).
   */
  static String fault(String value, boolean tabAllowed) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        if (c == '\t' && tabAllowed) {
          continue;
        }
        return "has a control character " + hex(c) + " at index " + i;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return surrogateFault(value, i);
      }
    }
    return null;
  }

  /** Returns the index of the first unpaired surrogate, or -1 (also for null). */
  static int unpairedSurrogate(String value) {
    if (value == null) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns {@code value} safe to echo in an error message: at most 64 characters, with control
   * characters and unpaired surrogates written as {@code \\uXXXX} (a JSON encoder refuses those).
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    boolean cut = value.length() > QUOTE_LENGTH;
    String escaped = escape(cut ? value.substring(0, QUOTE_LENGTH) : value);
    return cut ? escaped + "..." : escaped;
  }

  /**
   * Returns {@code value} whole, with control characters and unpaired surrogates as {@code
   * \\uXXXX}.
   */
  public static String escape(String value) {
    if (value == null || isClean(value, false)) {
      return value;
    }
    String head = value;
    StringBuilder out = new StringBuilder(head.length() + 8);
    for (int i = 0; i < head.length(); i++) {
      char c = head.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              && i + 1 < head.length()
              && Character.isLowSurrogate(head.charAt(i + 1));
      if (paired) {
        out.append(c).append(head.charAt(++i));
      } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String surrogateFault(String value, int at) {
    return "has an unpaired surrogate "
        + hex(value.charAt(at))
        + " at index "
        + at
        + " (not well-formed UTF-16)";
  }

  private static String hex(char c) {
    return String.format("U+%04X", (int) c);
  }
}
