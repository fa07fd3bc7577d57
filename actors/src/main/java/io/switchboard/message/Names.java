package io.switchboard.message;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;

/**
 * The rules for topic and group names: 1 to 200 characters of letters, digits, {@code .}, {@code _}
 * and {@code -}, starting with a letter or digit. Topic names ending in {@value
 * #DEAD_LETTER_SUFFIX} are reserved for dead-letter topics. Names are ASCII without controls, so
 * every valid name is also clean {@link Text}.
 */
public final class Names {
  public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,199}";
  public static final String DEAD_LETTER_SUFFIX = ".dlq";
  private static final int MAX_LENGTH = 200;

  private Names() {}

  /** Returns the topic name, or throws {@code INVALID_NAME} saying why it is refused. */
  public static String requireTopic(String name) {
    return require("topic", name);
  }

  /** Returns the topic name if a user may create it: valid and not a dead-letter name. */
  public static String requireUserTopic(String name) {
    require("topic", name);
    if (name.length() + DEAD_LETTER_SUFFIX.length() > 200) {
      throw new SwitchboardException(
          ErrorCode.INVALID_NAME,
          "topic names are at most "
              + (200 - DEAD_LETTER_SUFFIX.length())
              + " characters (room for the dead-letter topic's '"
              + DEAD_LETTER_SUFFIX
              + "'), got "
              + name.length());
    }
    if (isDeadLetterTopic(name)) {
      throw new SwitchboardException(
          ErrorCode.INVALID_NAME,
          "topic names ending in '"
              + DEAD_LETTER_SUFFIX
              + "' are reserved for dead letters: "
              + name);
    }
    return name;
  }

  /** Returns the topic name if it may be deleted: valid and not a dead-letter topic. */
  public static String requireDeletableTopic(String name) {
    require("topic", name);
    if (isDeadLetterTopic(name)) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT,
          "dead-letter topic '"
              + name
              + "' is deleted only with its topic: delete '"
              + name.substring(0, name.length() - DEAD_LETTER_SUFFIX.length())
              + "'");
    }
    return name;
  }

  /** Returns the group name, or throws {@code INVALID_NAME} saying why it is refused. */
  public static String requireGroup(String name) {
    return require("group", name);
  }

  /** Returns the dead-letter topic of a topic. */
  public static String deadLetterTopic(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }

  public static boolean isDeadLetterTopic(String topic) {
    return topic.endsWith(DEAD_LETTER_SUFFIX);
  }

  private static String require(String what, String name) {
    if (name == null || !isValid(name)) {
      throw new SwitchboardException(
          ErrorCode.INVALID_NAME,
          what
              + " name "
              + (name == null ? "is missing" : "'" + Text.quote(name) + "' is invalid")
              + ": it must match "
              + PATTERN);
    }
    return name;
  }

  /**
   * Whether {@code name} matches {@link #PATTERN}. A loop, not the regex: every publish checks its
   * topic, and the regex took about a tenth of the CPU of a transient publish.
   */
  static boolean isValid(String name) {
    int length = name.length();
    if (length == 0 || length > MAX_LENGTH || !isLetterOrDigit(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = name.charAt(i);
      if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
