package io.switchboard.internal.partition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A set of offsets as one bit per offset from a base: a backlog of ten million costs 1.25 MB, not a
 * tree node each. Serialized as runs of consecutive offsets, so a contiguous backlog is a few
 * numbers in a snapshot. The offsets held must span less than 2^31.
 */
final class OffsetSet implements Iterable<Long> {
  /** Bits kept below the lowest offset, so that a redelivery just below it does not shift all. */
  private static final long SLACK = 1 << 16;

  private long base;
  private BitSet bits = new BitSet();
  private long size;

  /** Returns a set holding {@code from .. to-1}. */
  static OffsetSet range(long from, long to) {
    OffsetSet set = new OffsetSet();
    if (to > from) {
      set.base = align(from);
      set.bits.set(index(set.base, from), index(set.base, to));
      set.size = to - from;
    }
    return set;
  }

  OffsetSet copy() {
    OffsetSet copy = new OffsetSet();
    copy.base = base;
    copy.bits = (BitSet) bits.clone();
    copy.size = size;
    return copy;
  }

  long size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean contains(long offset) {
    return offset >= base && offset - base <= Integer.MAX_VALUE && bits.get((int) (offset - base));
  }

  /** Adds an offset; returns whether it was not there. */
  boolean add(long offset) {
    if (size == 0) {
      base = align(Math.max(0, offset - SLACK));
      bits.clear();
    } else if (offset < base) {
      rebase(align(Math.max(0, offset - SLACK)));
    }
    int i = index(base, offset);
    if (bits.get(i)) {
      return false;
    }
    bits.set(i);
    size++;
    return true;
  }

  /** Adds every offset of {@code other}. */
  void addAll(OffsetSet other) {
    for (long o = other.first(); o >= 0; o = other.next(o + 1)) {
      add(o);
    }
  }

  /** Removes an offset; returns whether it was there. */
  boolean remove(long offset) {
    if (!contains(offset)) {
      return false;
    }
    int i = (int) (offset - base);
    bits.clear(i);
    size--;
    if (size == 0) {
      bits = new BitSet();
    } else if (i < 2 * SLACK && bits.nextSetBit(0) >= 2 * SLACK) {
      rebase(align(base + bits.nextSetBit(0) - SLACK)); // drop the words the head left behind
    }
    return true;
  }

  /** Returns the lowest offset, or -1 when empty. */
  long first() {
    return next(0);
  }

  /** Returns the lowest offset at or above {@code from}, or -1. */
  long next(long from) {
    if (size == 0) {
      return -1;
    }
    int bit = bits.nextSetBit((int) Math.max(0, Math.min(Integer.MAX_VALUE, from - base)));
    return bit < 0 ? -1 : base + bit;
  }

  /** Removes and returns the lowest offset (-1 when empty). */
  long pollFirst() {
    long first = first();
    if (first >= 0) {
      remove(first);
    }
    return first;
  }

  private void rebase(long newBase) {
    long[] words = bits.toLongArray();
    int shift = (int) ((base - newBase) / 64); // words; both bases are multiples of 64
    long[] moved;
    if (shift >= 0) {
      moved = new long[words.length + shift];
      System.arraycopy(words, 0, moved, shift, words.length);
    } else {
      moved = new long[Math.max(0, words.length + shift)];
      System.arraycopy(words, -shift, moved, 0, moved.length);
    }
    bits = BitSet.valueOf(moved);
    base = newBase;
  }

  private static long align(long offset) {
    return offset & ~63L;
  }

  private static int index(long base, long offset) {
    long i = offset - base;
    if (i > Integer.MAX_VALUE) {
      throw new IllegalStateException(
          "offsets held span more than 2^31: " + base + " to " + offset);
    }
    return (int) i;
  }

  /** Returns the offsets as runs: start, length, start, length, ... */
  @JsonValue
  long[] runs() {
    long[] runs = new long[16];
    int n = 0;
    for (int from = bits.nextSetBit(0); from >= 0; ) {
      int to = bits.nextClearBit(from);
      if (n + 2 > runs.length) {
        runs = Arrays.copyOf(runs, runs.length * 2);
      }
      runs[n++] = base + from;
      runs[n++] = to - from;
      from = bits.nextSetBit(to);
    }
    return Arrays.copyOf(runs, n);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static OffsetSet fromRuns(long[] runs) {
    OffsetSet set = new OffsetSet();
    if (runs.length > 0) {
      set.base = align(runs[0]);
      for (int r = 0; r < runs.length; r += 2) {
        set.bits.set(index(set.base, runs[r]), index(set.base, runs[r] + runs[r + 1]));
        set.size += runs[r + 1];
      }
    }
    return set;
  }

  @Override
  public Iterator<Long> iterator() {
    return new Iterator<>() {
      private long next = first();

      @Override
      public boolean hasNext() {
        return next >= 0;
      }

      @Override
      public Long next() {
        if (next < 0) {
          throw new NoSuchElementException();
        }
        long current = next;
        next = OffsetSet.this.next(current + 1);
        return current;
      }
    };
  }

  @Override
  public String toString() {
    return "OffsetSet" + Arrays.toString(runs());
  }
}
