package io.switchboard.runtime.auth;

import java.util.Arrays;
import java.util.List;

/**
 * A right on the topics whose names match {@code pattern}: an exact name, or a pattern where {@code
 * *} stands for any characters ({@code chat.*}, {@code *}).
 */
public record Grant(Right right, String pattern) {

  public Grant {
    if (pattern.isBlank() || pattern.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "a topic pattern must be non-empty without spaces, got '" + pattern + "'");
    }
  }

  /** Parses {@code right:pattern}, like {@code produce:chat.*}. */
  public static Grant parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "a grant is right:pattern (like produce:chat.*), got '" + text + "'");
    }
    return new Grant(Right.of(text.substring(0, colon)), text.substring(colon + 1).trim());
  }

  /** Parses a comma-separated list of grants; {@code -} or an empty text is no grant. */
  public static List<Grant> parseList(String text) {
    if (text.isBlank() || text.equals("-")) {
      return List.of();
    }
    return Arrays.stream(text.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Grant::parse)
        .toList();
  }

  /** Returns whether this grant covers {@code topic}. */
  public boolean matches(String topic) {
    return matches(pattern, 0, topic, 0);
  }

  /** Returns whether this grant covers every topic (its pattern is {@code *}). */
  public boolean coversAll() {
    return pattern.equals("*");
  }

  @Override
  public String toString() {
    return right.label() + ":" + pattern;
  }

  // Patterns are short and hold few stars: plain backtracking is enough.
  private static boolean matches(String pattern, int p, String name, int n) {
    if (p == pattern.length()) {
      return n == name.length();
    }
    if (pattern.charAt(p) == '*') {
      for (int rest = n; rest <= name.length(); rest++) {
        if (matches(pattern, p + 1, name, rest)) {
          return true;
        }
      }
      return false;
    }
    return n < name.length()
        && pattern.charAt(p) == name.charAt(n)
        && matches(pattern, p + 1, name, n + 1);
  }
}
