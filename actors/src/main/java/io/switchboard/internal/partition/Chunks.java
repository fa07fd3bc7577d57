package io.switchboard.internal.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** Splits a batch so that no message between nodes outgrows the remote frame size. */
public final class Chunks {
  private Chunks() {}

  /** Returns consecutive chunks of at most {@code maxBytes} (a larger single item goes alone). */
  public static <T> List<List<T>> byPayload(List<T> items, ToIntFunction<T> size, long maxBytes) {
    List<List<T>> chunks = new ArrayList<>();
    List<T> current = new ArrayList<>();
    long bytes = 0;
    for (T item : items) {
      int itemBytes = size.applyAsInt(item);
      if (!current.isEmpty() && bytes + itemBytes > maxBytes) {
        chunks.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(item);
      bytes += itemBytes;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }
}
