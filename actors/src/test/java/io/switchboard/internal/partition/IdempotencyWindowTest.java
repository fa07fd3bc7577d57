package io.switchboard.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The fingerprinted idempotency window answers as the linked map of strings it replaced, through
 * growth, expiry, keys published again, compaction and a snapshot round trip, in less heap.
 */
class IdempotencyWindowTest {

  private record Seen(long offset, long at) {}

  @Test
  void answersAsALinkedMapOfKeysUnderRandomPublishesRepublishesAndExpiry() {
    IdempotencyWindow window = new IdempotencyWindow();
    LinkedHashMap<String, Seen> expected = new LinkedHashMap<>();
    Random random = new Random(11);
    long now = 1_000_000;
    long offset = 0;
    long windowMillis = 2_000;
    for (int i = 0; i < 300_000; i++) {
      now += random.nextInt(3);
      // bursts and lulls, so that the window grows, shrinks and compacts many times
      int keySpace = (i / 20_000) % 2 == 0 ? 50_000 : 500;
      String key = "k-" + random.nextInt(keySpace);
      long cutoff = now - windowMillis;
      Seen seen = expected.get(key);
      long answer = seen != null && seen.at >= cutoff ? seen.offset : -1;
      assertThat(window.offsetOf(key, cutoff)).as("key %s at step %d", key, i).isEqualTo(answer);
      if (answer < 0) {
        expected.remove(key); // a key published again goes to the end, as in the window
        expected.put(key, new Seen(offset, now));
        window.put(key, offset++, now);
      }
      if (i % 7 == 0) {
        forgetBefore(expected, cutoff);
        window.forgetBefore(cutoff);
        assertThat(window.size()).isEqualTo(expected.size());
      }
    }
    for (Map.Entry<String, Seen> entry : expected.entrySet()) {
      assertThat(window.offsetOf(entry.getKey())).isEqualTo(entry.getValue().offset);
    }
    assertThat(window.offsetOf("never published")).isEqualTo(-1);
  }

  @Test
  void aKeyPublishedAgainOutlivesItsFirstEntry() {
    IdempotencyWindow window = new IdempotencyWindow();
    window.put("order-1", 0, 100);
    window.put("other", 1, 150);
    window.put("order-1", 2, 200); // after its window ran out, published again
    window.forgetBefore(101);
    assertThat(window.offsetOf("order-1")).isEqualTo(2);
    assertThat(window.offsetOf("other")).isEqualTo(1);
    window.forgetBefore(151);
    assertThat(window.offsetOf("order-1")).isEqualTo(2);
    assertThat(window.offsetOf("other")).isEqualTo(-1);
    window.forgetBefore(201);
    assertThat(window.size()).isZero();
    assertThat(window.offsetOf("order-1")).isEqualTo(-1);
  }

  @Test
  void roundTripsThroughItsSnapshotFormInOrderAndACopyIsIndependent() {
    IdempotencyWindow window = new IdempotencyWindow();
    for (int i = 0; i < 10_000; i++) {
      window.put("key-" + i, 5_000_000_000L + i * 3L, 1_700_000_000_000L + i / 10);
    }
    window.put("key-5", 9_000_000_000L, 1_700_000_001_000L); // replaced: one entry in the form
    IdempotencyWindow copy = window.copy();
    window.put("after-the-copy", 1, 1_700_000_002_000L);

    IdempotencyWindow read = IdempotencyWindow.fromBytes(copy.toBytes());
    assertThat(read.size()).isEqualTo(10_000);
    assertThat(read.offsetOf("key-5")).isEqualTo(9_000_000_000L);
    assertThat(read.offsetOf("key-9999")).isEqualTo(5_000_000_000L + 9999 * 3L);
    assertThat(read.offsetOf("after-the-copy")).isEqualTo(-1);
    // oldest first: forgetting the first second leaves the later keys and the replaced one
    read.forgetBefore(1_700_000_000_100L);
    assertThat(read.offsetOf("key-999")).isEqualTo(-1);
    assertThat(read.offsetOf("key-1000")).isEqualTo(5_000_000_000L + 3000);
    assertThat(read.offsetOf("key-5")).isEqualTo(9_000_000_000L);
    // about 20 bytes a key: 16 of fingerprint, the rest small differences
    assertThat(copy.toBytes().length).isLessThan(10_000 * 21);
  }

  @Test
  void refusesAMalformedSnapshotFormWithAClearError() {
    assertThatThrownBy(() -> IdempotencyWindow.fromBytes(new byte[] {0x7f, 0, 0, 0, 1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed idempotency window");
  }

  @Test
  void holdsAKeyInUnderAHundredBytesOfHeap() {
    IdempotencyWindow window = new IdempotencyWindow();
    int keys = 240_000; // two minutes of keys at 2,000 msgs/s
    for (int i = 0; i < keys; i++) {
      window.put(UUID.randomUUID().toString(), i, i / 2);
    }
    // the string map it replaced held ~150 bytes a key (docs/configuration.md)
    assertThat(window.heapBytes() / keys).isLessThan(100);
  }

  private static void forgetBefore(LinkedHashMap<String, Seen> map, long cutoff) {
    Iterator<Seen> it = map.values().iterator();
    while (it.hasNext() && it.next().at < cutoff) {
      it.remove();
    }
  }
}
