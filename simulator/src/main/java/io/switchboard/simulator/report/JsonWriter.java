package io.switchboard.simulator.report;

import java.util.Locale;

/**
 * Writes indented JSON with fields in call order, so equal results give identical bytes. Enough for
 * flat summaries; not a general serializer.
 */
final class JsonWriter {
  private final StringBuilder out = new StringBuilder();
  private int depth;
  private boolean first = true;

  JsonWriter beginObject(String name) {
    prefix(name);
    out.append('{');
    return open();
  }

  JsonWriter beginArray(String name) {
    prefix(name);
    out.append('[');
    return open();
  }

  JsonWriter end(char closing) {
    depth--;
    newline();
    out.append(closing);
    first = false;
    return this;
  }

  JsonWriter field(String name, String value) {
    prefix(name);
    quote(value);
    return this;
  }

  JsonWriter field(String name, long value) {
    prefix(name);
    out.append(value);
    return this;
  }

  JsonWriter field(String name, double value) {
    prefix(name);
    // round to nanosecond-scale precision; keeps the text short and stable
    out.append(
        Double.isFinite(value)
            ? String.format(Locale.ROOT, "%.9g", value).replaceFirst("\\.?0+(e|$)", "$1")
            : "null");
    return this;
  }

  @Override
  public String toString() {
    return out.toString() + "\n";
  }

  private JsonWriter open() {
    depth++;
    first = true;
    return this;
  }

  private void prefix(String name) {
    if (!first) {
      out.append(',');
    }
    if (depth > 0) {
      newline();
    }
    first = false;
    if (name != null) {
      quote(name);
      out.append(": ");
    }
  }

  private void newline() {
    out.append('\n').append("  ".repeat(depth));
  }

  private void quote(String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
