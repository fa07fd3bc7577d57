package io.switchboard.simulator.engine;

/** A growable ring of ints used as a FIFO with push-front (a partition backlog, a worker queue). */
final class IntDeque {
  private int[] items = new int[16];
  private int head;
  private int size;

  void addLast(int value) {
    grow();
    items[(head + size) & (items.length - 1)] = value;
    size++;
  }

  void addFirst(int value) {
    grow();
    head = (head - 1) & (items.length - 1);
    items[head] = value;
    size++;
  }

  int peekFirst() {
    return items[head];
  }

  int pollFirst() {
    int value = items[head];
    head = (head + 1) & (items.length - 1);
    size--;
    return value;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void clear() {
    head = 0;
    size = 0;
  }

  private void grow() {
    if (size < items.length) {
      return;
    }
    // unroll the ring into a twice-as-long array; capacity stays a power of two for masking
    int[] grown = new int[items.length * 2];
    int firstPart = Math.min(size, items.length - head);
    System.arraycopy(items, head, grown, 0, firstPart);
    System.arraycopy(items, 0, grown, firstPart, size - firstPart);
    items = grown;
    head = 0;
  }
}
