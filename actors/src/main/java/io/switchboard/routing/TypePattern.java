package io.switchboard.routing;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.message.Text;

/**
 * A pattern on dot-separated message types: {@code *} matches exactly one word, {@code #} zero or
 * more words, anything else itself ({@code chat.*}, {@code events.#}).
 */
public record TypePattern(String pattern) {
  private static final int MAX_LENGTH = 255;

  public TypePattern {
    if (pattern == null || pattern.isEmpty() || pattern.length() > MAX_LENGTH) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT,
          "a route pattern needs 1 to "
              + MAX_LENGTH
              + " characters, got "
              + (pattern == null ? "none" : pattern.length()));
    }
    for (String word : pattern.split("\\.", -1)) {
      if (word.isEmpty() || (word.length() > 1 && (word.contains("*") || word.contains("#")))) {
        throw new SwitchboardException(
            ErrorCode.INVALID_ARGUMENT,
            "invalid route pattern '"
                + Text.quote(pattern)
                + "': words are non-empty and '*' or '#' stand alone between dots");
      }
    }
  }

  /** Returns whether the message type matches this pattern; a null type matches nothing. */
  public boolean matches(String type) {
    if (type == null) {
      return false;
    }
    return match(pattern.split("\\."), 0, type.split("\\.", -1), 0);
  }

  private static boolean match(String[] pat, int p, String[] words, int w) {
    if (p == pat.length) {
      return w == words.length;
    }
    if (pat[p].equals("#")) {
      for (int skip = w; skip <= words.length; skip++) {
        if (match(pat, p + 1, words, skip)) {
          return true;
        }
      }
      return false;
    }
    if (w == words.length) {
      return false;
    }
    return (pat[p].equals("*") || pat[p].equals(words[w])) && match(pat, p + 1, words, w + 1);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
