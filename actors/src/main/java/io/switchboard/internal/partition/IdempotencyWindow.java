package io.switchboard.internal.partition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The idempotency keys a partition remembers: for each key published within the window, the offset
 * its first copy got and when. Oldest first, so the window's end is dropped from the front.
 *
 * <p>Keys are held as 128-bit fingerprints (two XXH64 hashes of the key's UTF-8 bytes) in flat
 * arrays rather than as strings in a linked map: 45 to 85 bytes of heap a key instead of ~150, no
 * object per key for the collector to trace, and a copy for a snapshot is a few array copies. Two
 * different keys would be taken for one with a probability of about n / 2^128 per publish (n keys
 * remembered): below 10^-30 for millions of keys, far under any hardware fault rate.
 *
 * <p>Layout: a ring of entries in arrival order (sequence numbers count up; a ring position is the
 * sequence number masked) and an open-addressing table (linear probing) of sequence numbers + 1,
 * placed by the first hash. A key published again replaces its entry in the table; its old ring
 * entry stays until it leaves the window and is skipped then. Not thread-safe: the partition's
 * thread only.
 */
final class IdempotencyWindow {
  private static final XXHash64 HASH = XXHashFactory.fastestJavaInstance().hash64();
  private static final long SEED_1 = 0x5357_4254_4348_4b31L;
  private static final long SEED_2 = 0x5357_4254_4348_4b32L;
  private static final int MIN_CAPACITY = 16;

  // The ring: entry seq is at (seq & ringMask); head is the oldest, tail the next to append.
  private long[] hash1;
  private long[] hash2;
  private long[] offsets;
  private long[] atMillis;
  private int ringMask;
  private long head;
  private long tail;

  // The table: seq + 1 of each remembered key's newest entry, 0 for a free slot.
  private long[] slots;
  private int slotMask;
  private int size;

  IdempotencyWindow() {
    this(MIN_CAPACITY);
  }

  private IdempotencyWindow(int ringCapacity) {
    allocateRing(ringCapacity);
    slots = new long[ringCapacity * 2];
    slotMask = slots.length - 1;
  }

  /** Returns how many keys are remembered. */
  int size() {
    return size;
  }

  /** Returns the offset remembered for {@code key}, or -1. */
  long offsetOf(String key) {
    long seq = find(key);
    return seq < 0 ? -1 : offsets[ring(seq)];
  }

  /**
   * Returns the offset remembered for {@code key} if it arrived at or after {@code sinceMillis}.
   */
  long offsetOf(String key, long sinceMillis) {
    long seq = find(key);
    return seq < 0 || atMillis[ring(seq)] < sinceMillis ? -1 : offsets[ring(seq)];
  }

  /** Remembers that {@code key} got {@code offset} at {@code atMillis} (replacing what was). */
  void put(String key, long offset, long atMillis) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    if (tail - head == hash1.length) {
      allocateRing(hash1.length * 2);
    }
    append(
        HASH.hash(bytes, 0, bytes.length, SEED_1),
        HASH.hash(bytes, 0, bytes.length, SEED_2),
        offset,
        atMillis);
    if (size * 10L > slots.length * 7L) {
      rehash(slots.length * 2);
    }
  }

  /** Forgets the keys that arrived before {@code cutoffMillis}, oldest first. */
  void forgetBefore(long cutoffMillis) {
    while (head < tail && atMillis[ring(head)] < cutoffMillis) {
      int at = ring(head);
      int slot = slotOf(hash1[at], hash2[at]);
      if (slots[slot] == head + 1) {
        delete(slot);
        size--;
      }
      head++;
    }
    if (hash1.length > MIN_CAPACITY && (tail - head) * 8 < hash1.length) {
      compact();
    }
  }

  /** Returns a copy (for a snapshot, which is serialized off the partition's thread). */
  IdempotencyWindow copy() {
    IdempotencyWindow copy = new IdempotencyWindow(MIN_CAPACITY);
    copy.hash1 = hash1.clone();
    copy.hash2 = hash2.clone();
    copy.offsets = offsets.clone();
    copy.atMillis = atMillis.clone();
    copy.ringMask = ringMask;
    copy.head = head;
    copy.tail = tail;
    copy.slots = slots.clone();
    copy.slotMask = slotMask;
    copy.size = size;
    return copy;
  }

  /** Returns the bytes of heap the arrays take (the window's whole footprint, near enough). */
  long heapBytes() {
    return 8L * (hash1.length + hash2.length + offsets.length + atMillis.length + slots.length);
  }

  /**
   * The snapshot form: the count, then each remembered key oldest first as its two hashes (16
   * bytes) and the differences of its offset and time from the previous key's (zigzag varints).
   */
  @JsonValue
  byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(5 + size * 36);
    out.putInt(size);
    long previousOffset = 0;
    long previousAt = 0;
    for (long seq = head; seq < tail; seq++) {
      int at = ring(seq);
      if (slots[slotOf(hash1[at], hash2[at])] != seq + 1) {
        continue; // replaced by a newer entry of the same key
      }
      out.putLong(hash1[at]).putLong(hash2[at]);
      putVarLong(out, offsets[at] - previousOffset);
      putVarLong(out, atMillis[at] - previousAt);
      previousOffset = offsets[at];
      previousAt = atMillis[at];
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static IdempotencyWindow fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int count = in.getInt();
    if (count < 0 || count > bytes.length / 18) {
      throw new IllegalArgumentException("a malformed idempotency window: " + count + " keys");
    }
    IdempotencyWindow window = new IdempotencyWindow(capacityFor(count));
    long offset = 0;
    long at = 0;
    for (int i = 0; i < count; i++) {
      long h1 = in.getLong();
      long h2 = in.getLong();
      offset += getVarLong(in);
      at += getVarLong(in);
      window.append(h1, h2, offset, at);
    }
    return window;
  }

  private long find(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    long h1 = HASH.hash(bytes, 0, bytes.length, SEED_1);
    long h2 = HASH.hash(bytes, 0, bytes.length, SEED_2);
    long seqPlusOne = slots[slotOf(h1, h2)];
    return seqPlusOne - 1;
  }

  /** Returns the slot holding the key of these hashes, or the free slot where it would go. */
  private int slotOf(long h1, long h2) {
    int slot = (int) h1 & slotMask;
    long seqPlusOne;
    while ((seqPlusOne = slots[slot]) != 0) {
      int at = ring(seqPlusOne - 1);
      if (hash1[at] == h1 && hash2[at] == h2) {
        return slot;
      }
      slot = (slot + 1) & slotMask;
    }
    return slot;
  }

  /** Empties a slot, moving later entries of its probe run back so that lookups still find them. */
  private void delete(int slot) {
    int free = slot;
    int next = (free + 1) & slotMask;
    while (slots[next] != 0) {
      int home = (int) hash1[ring(slots[next] - 1)] & slotMask;
      // move it back unless its home lies cyclically in (free, next]
      boolean stays = free <= next ? free < home && home <= next : free < home || home <= next;
      if (!stays) {
        slots[free] = slots[next];
        free = next;
      }
      next = (next + 1) & slotMask;
    }
    slots[free] = 0;
  }

  /** Appends an entry; a key already remembered now points to it, its old entry left behind. */
  private void append(long h1, long h2, long offset, long at) {
    long seq = tail++;
    int i = ring(seq);
    hash1[i] = h1;
    hash2[i] = h2;
    offsets[i] = offset;
    atMillis[i] = at;
    int slot = slotOf(h1, h2);
    if (slots[slot] == 0) {
      size++;
    }
    slots[slot] = seq + 1;
  }

  /** Rebuilds ring and table at the size the live keys need, dropping replaced entries. */
  private void compact() {
    IdempotencyWindow tight = new IdempotencyWindow(capacityFor(size));
    for (long seq = head; seq < tail; seq++) {
      int at = ring(seq);
      if (slots[slotOf(hash1[at], hash2[at])] == seq + 1) {
        tight.append(hash1[at], hash2[at], offsets[at], atMillis[at]);
      }
    }
    hash1 = tight.hash1;
    hash2 = tight.hash2;
    offsets = tight.offsets;
    atMillis = tight.atMillis;
    ringMask = tight.ringMask;
    head = tight.head;
    tail = tight.tail;
    slots = tight.slots;
    slotMask = tight.slotMask;
    size = tight.size;
  }

  private void rehash(int capacity) {
    long[] old = slots;
    slots = new long[capacity];
    slotMask = capacity - 1;
    for (long seqPlusOne : old) {
      if (seqPlusOne != 0) {
        int slot = (int) hash1[ring(seqPlusOne - 1)] & slotMask;
        while (slots[slot] != 0) {
          slot = (slot + 1) & slotMask;
        }
        slots[slot] = seqPlusOne;
      }
    }
  }

  /** Grows (or first allocates) the ring, keeping every entry at its sequence number. */
  private void allocateRing(int capacity) {
    long[][] old = {hash1, hash2, offsets, atMillis};
    int oldMask = ringMask;
    hash1 = new long[capacity];
    hash2 = new long[capacity];
    offsets = new long[capacity];
    atMillis = new long[capacity];
    ringMask = capacity - 1;
    if (old[0] != null) {
      long[][] now = {hash1, hash2, offsets, atMillis};
      for (long seq = head; seq < tail; seq++) {
        for (int a = 0; a < now.length; a++) {
          now[a][(int) seq & ringMask] = old[a][(int) seq & oldMask];
        }
      }
    }
  }

  private int ring(long seq) {
    return (int) seq & ringMask;
  }

  private static int capacityFor(int keys) {
    return Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, keys) * 2 - 1) * 2);
  }

  private static void putVarLong(ByteBuffer out, long value) {
    long zigzag = (value << 1) ^ (value >> 63);
    while ((zigzag & ~0x7FL) != 0) {
      out.put((byte) ((zigzag & 0x7F) | 0x80));
      zigzag >>>= 7;
    }
    out.put((byte) zigzag);
  }

  private static long getVarLong(ByteBuffer in) {
    long zigzag = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = in.get();
      zigzag |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        break;
      }
      if (shift > 63) {
        throw new IllegalArgumentException("a malformed idempotency window: varint too long");
      }
    }
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }
}
