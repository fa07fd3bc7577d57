package io.switchboard.runtime.gateway;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of a gateway reply chunk: one or more backend events (compact JSON objects, which
 * hold no raw newline) joined by {@code '\n'}. A connector gathers the events that arrive while its
 * previous reply is being stored into one chunk; the front writes each as its own {@code data:}
 * line, so callers see OpenAI's framing. A chunk of one event is that event's bytes.
 */
final class RelayedEvents {
  private static final byte SEPARATOR = '\n';

  private RelayedEvents() {}

  /** Returns the events joined into one chunk payload. */
  static byte[] join(List<byte[]> events) {
    if (events.size() == 1) {
      return events.get(0);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.write(SEPARATOR);
      }
      out.writeBytes(events.get(i));
    }
    return out.toByteArray();
  }

  /** Returns the events of a chunk payload, in order. */
  static List<byte[]> split(byte[] payload) {
    if (indexOfSeparator(payload) < 0) {
      return List.of(payload);
    }
    List<byte[]> events = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= payload.length; i++) {
      if (i == payload.length || payload[i] == SEPARATOR) {
        if (i > start) {
          byte[] event = new byte[i - start];
          System.arraycopy(payload, start, event, 0, event.length);
          events.add(event);
        }
        start = i + 1;
      }
    }
    return events;
  }

  private static int indexOfSeparator(byte[] payload) {
    for (int i = 0; i < payload.length; i++) {
      if (payload[i] == SEPARATOR) {
        return i;
      }
    }
    return -1;
  }
}
