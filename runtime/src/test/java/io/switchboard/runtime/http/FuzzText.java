package io.switchboard.runtime.http;

import java.util.Random;

/**
 * Hostile text and JSON for the fuzz test: lone and reversed surrogates, controls, 4-byte
 * characters, look-alike letters and digits, dot segments, long strings, deep nesting and numbers
 * beyond a double. Strings are written as JSON with every non-ASCII character escaped, so a lone
 * surrogate reaches the node as {@code \ud800} exactly as an attacker would send it.
 */
final class FuzzText {
  private static final String[] PIECES = {
    "a",
    "chat",
    "user-42",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\u0000",
    "\u0001",
    "\u001b",
    "\u007f",
    "\u0085",
    "\u009f",
    "\ud800",
    "\udfff",
    "\udc00\ud800",
    "\ud83d\ude00",
    "\ud83d",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\u202e",
    "\u0301",
    "\u0131",
    "\u0661\u0662",
    "+1",
    "-0",
    "1e400",
    ".",
    "..",
    "/",
    "%2e%2e",
    "\\",
    "\"",
    "*",
    "#",
    ".dlq",
    "switchboard-replay-group",
    "latest",
    "round-robin",
    "0-0-1",
    "\u00e9",
    "\u4e2d\u6587"
  };

  private final Random random;

  FuzzText(Random random) {
    this.random = random;
  }

  /** Returns a hostile string: a few pieces, sometimes empty, sometimes very long. */
  String string() {
    int shape = random.nextInt(20);
    if (shape == 0) {
      return "";
    }
    if (shape == 1) {
      return PIECES[random.nextInt(PIECES.length)].repeat(500 + random.nextInt(5000));
    }
    StringBuilder text = new StringBuilder();
    int pieces = 1 + random.nextInt(5);
    for (int i = 0; i < pieces; i++) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }

  /** Returns either a valid value or a hostile string, as a JSON literal. */
  String stringOr(String valid) {
    return random.nextBoolean() ? quote(valid) : quote(string());
  }

  /** Returns a JSON value for a numeric field: sometimes a number, sometimes something else. */
  String numberish(long valid) {
    return switch (random.nextInt(8)) {
      case 0 -> quote(string());
      case 1 -> "1e400";
      case 2 -> Long.toString(Long.MAX_VALUE);
      case 3 -> "-" + Long.MAX_VALUE;
      case 4 -> "99999999999999999999999";
      case 5 -> "2.5";
      case 6 -> "null";
      default -> Long.toString(valid);
    };
  }

  /** Returns a JSON value for a payload: nested up to a random depth, with odd numbers and text. */
  String payload() {
    int depth =
        switch (random.nextInt(6)) {
          case 0 -> 500 + random.nextInt(1500);
          case 1 -> 60 + random.nextInt(100);
          default -> random.nextInt(6);
        };
    StringBuilder open = new StringBuilder();
    StringBuilder close = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      boolean array = random.nextBoolean();
      open.append(array ? "[" : "{\"k\":");
      close.append(array ? ']' : '}');
    }
    return open.append(leaf()).append(close.reverse()).toString();
  }

  private String leaf() {
    return switch (random.nextInt(7)) {
      case 0 -> "1e400";
      case 1 -> "12345678901234567890.123456789012345678901234567890";
      case 2 -> "-0.0";
      case 3 -> quote(string());
      case 4 -> "{\"a\":1,\"a\":2}";
      case 5 -> "true";
      default -> "{\"text\":" + quote(string()) + ",\"n\":3}";
    };
  }

  /** Returns {@code text} as a JSON string literal with every non-ASCII character escaped. */
  static String quote(String text) {
    StringBuilder json = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"').toString();
  }
}
