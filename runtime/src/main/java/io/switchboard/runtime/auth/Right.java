package io.switchboard.runtime.auth;

import java.util.Locale;

/** What a principal may do on a topic. */
public enum Right {
  /** Publish to the topic. */
  PRODUCE,
  /** Create consumer groups, pull, stream, ack, nack and read dead letters. */
  CONSUME,
  /**
   * Create and delete the topic, delete its groups, replay its dead letters; on {@code *}: routes.
   */
  ADMIN;

  /** Returns the right named {@code name} (produce, consume, admin, any case). */
  public static Right of(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown right '" + name + "', expected produce, consume or admin");
    }
  }

  /** Returns the name used in token files, JWT claims and error messages. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
