package io.switchboard.runtime.emulator;

import java.util.Locale;

/**
 * A failure to act out on a request: drop the connection after some tokens as a crashed server
 * would, stall after some tokens, or answer an HTTP error status at once.
 *
 * @param kind what goes wrong
 * @param afterTokens content tokens sent before a {@code DIE} or {@code STALL}
 * @param status the HTTP status of a {@code STATUS} fault
 */
public record Fault(Kind kind, int afterTokens, int status) {

  /** What goes wrong. */
  public enum Kind {
    NONE,
    DIE,
    STALL,
    STATUS
  }

  /** No fault. */
  public static final Fault NONE = new Fault(Kind.NONE, 0, 0);

  /**
   * Reads {@code die-after=N}, {@code stall-after=N} or {@code status=CODE} (the header {@code
   * x-emulator-fault} and the option {@code --fault}); null or blank is {@link #NONE}.
   *
   * @throws IllegalArgumentException naming the accepted forms when the text is none of them
   */
  public static Fault parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    String value = text.trim().toLowerCase(Locale.ROOT);
    int equals = value.indexOf('=');
    String name = equals < 0 ? value : value.substring(0, equals);
    int number;
    try {
      number = equals < 0 ? -1 : Integer.parseInt(value.substring(equals + 1).trim());
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (name.equals("die-after") && number >= 0) {
      return new Fault(Kind.DIE, number, 0);
    }
    if (name.equals("stall-after") && number >= 0) {
      return new Fault(Kind.STALL, number, 0);
    }
    if (name.equals("status") && number >= 400 && number <= 599) {
      return new Fault(Kind.STATUS, 0, number);
    }
    throw new IllegalArgumentException(
        "fault '"
            + text
            + "' is not one of die-after=N, stall-after=N (N >= 0) "
            + "or status=CODE (400..599)");
  }

  /** Returns true when the stream breaks after {@code sent} tokens. */
  public boolean breaksAfter(int sent) {
    return (kind == Kind.DIE || kind == Kind.STALL) && sent >= afterTokens;
  }
}
