package io.switchboard.internal.partition;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a partition's messages are in its journal: a sparse map from an offset to the sequence
 * number of the event that stored it, one entry per {@code interval} messages or per {@code
 * intervalBytes} of payload. Reading from the floor entry of an offset reaches it. Part of the
 * snapshot; entries below the oldest stored message are dropped.
 */
@JsonAutoDetect(
    fieldVisibility = Visibility.ANY,
    getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
final class PageIndex {

  /**
   * The event that stored {@code offset} first: its sequence number, time, and payload bytes before
   * it.
   */
  record Entry(long seqNr, long atMillis, long bytesBefore) {}

  /** A range of journal events to read, both ends included. */
  record Range(long fromSeqNr, long toSeqNr) {}

  private TreeMap<Long, Entry> entries = new TreeMap<>();

  /** Payload bytes of every message ever stored (a running count, for read sizes). */
  private long bytes;

  private long lastAtMillis = Long.MIN_VALUE;

  /** Notes an {@code Enqueued} event; adds an entry when the last one is far enough behind. */
  void stored(long firstOffset, long seqNr, long atMillis, long payloadBytes, StateRules rules) {
    Map.Entry<Long, Entry> last = entries.lastEntry();
    if (last == null
        || firstOffset - last.getKey() >= rules.indexInterval()
        || bytes - last.getValue().bytesBefore() >= rules.indexBytes()
        || (rules.retentionMillis() > 0
            && atMillis - last.getValue().atMillis() >= rules.retentionMillis() / 64)) {
      entries.put(firstOffset, new Entry(seqNr, atMillis, bytes));
    }
    bytes += payloadBytes;
    lastAtMillis = Math.max(lastAtMillis, atMillis);
  }

  PageIndex copy() {
    PageIndex copy = new PageIndex();
    copy.entries = new TreeMap<>(entries);
    copy.bytes = bytes;
    copy.lastAtMillis = lastAtMillis;
    return copy;
  }

  int size() {
    return entries.size();
  }

  /**
   * Returns the events to read to find {@code offset} and about {@code wantBytes} of payload from
   * it.
   */
  Range readFrom(long offset, long wantBytes) {
    Map.Entry<Long, Entry> from = entries.floorEntry(offset);
    if (from
        == null) { // only before the first entry (a snapshot of an older version): read from the
      // start
      from = Map.entry(0L, new Entry(1, 0, 0));
    }
    long until = from.getValue().bytesBefore() + wantBytes;
    for (Map.Entry<Long, Entry> next : entries.tailMap(offset, false).entrySet()) {
      if (next.getValue().bytesBefore() >= until) {
        return new Range(from.getValue().seqNr(), next.getValue().seqNr() - 1);
      }
    }
    return new Range(from.getValue().seqNr(), Long.MAX_VALUE);
  }

  /**
   * Returns the sequence number of the oldest event that may hold {@code offset}, or max when none.
   */
  long seqNrOf(long offset) {
    if (offset < 0 || entries.isEmpty()) {
      return Long.MAX_VALUE;
    }
    // No floor: the offset came from an older snapshot that held its body; the indexed ones follow.
    Map.Entry<Long, Entry> floor = entries.floorEntry(offset);
    return (floor != null ? floor : entries.firstEntry()).getValue().seqNr();
  }

  /** Drops the entries no offset at or above {@code lowest} needs (-1: none needed). */
  void dropBelow(long lowest) {
    if (lowest < 0) {
      entries.clear();
      return;
    }
    Long keep = entries.floorKey(lowest);
    if (keep != null) {
      entries.headMap(keep, false).clear();
    }
  }

  /** Returns the offset below which every message was stored before {@code cutoffMillis}. */
  long storedBefore(long cutoffMillis, long nextOffset) {
    if (lastAtMillis < cutoffMillis) {
      return nextOffset;
    }
    long limit = 0;
    for (Map.Entry<Long, Entry> entry : entries.entrySet()) {
      if (entry.getValue().atMillis() >= cutoffMillis) {
        break;
      }
      limit = entry.getKey(); // offsets below it were stored no later than this entry's event
    }
    return limit;
  }
}
