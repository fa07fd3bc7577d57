package io.switchboard.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.message.Message;
import io.switchboard.priority.PrioritySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadyQueueTest {
  static final Message BODY = Message.builder("t").text("x").build();

  /** Every body in memory. */
  static final MessageBodies IN_MEMORY = offset -> BODY;

  final ReadyQueue queue = new ReadyQueue(PrioritySettings.DEFAULTS);

  static MessageClass of(String band, String tenant, long cost) {
    return new MessageClass(band, tenant, cost);
  }

  /** Takes up to {@code n} offsets in the order the queue hands them out. */
  static List<Long> drain(ReadyQueue queue, MessageBodies bodies, int n) {
    List<Long> out = new ArrayList<>();
    while (out.size() < n) {
      long next = queue.next(bodies);
      if (next < 0) {
        break;
      }
      queue.take(next);
      out.add(next);
    }
    return out;
  }

  @Test
  void keepsOffsetOrderForMessagesWithoutSchedulingHeaders() {
    for (long offset : new long[] {5, 1, 3, 2, 4}) {
      queue.add(offset, null);
    }
    assertThat(drain(queue, IN_MEMORY, 10)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void servesHigherBandsFirstAndOffsetOrderInsideABand() {
    queue.add(0, of("batch", "a", 1));
    queue.add(1, null);
    queue.add(2, of("interactive", "a", 1));
    queue.add(3, of("batch", "a", 1));
    queue.add(4, of("interactive", "a", 1));
    queue.add(5, of("default", "default", 1)); // the default band named: same lane as no header

    assertThat(drain(queue, IN_MEMORY, 10)).containsExactly(2L, 4L, 1L, 5L, 0L, 3L);
  }

  @Test
  void servesABandDroppedFromTheSettingsAsTheDefaultBand() {
    queue.add(0, of("gone", "a", 1));
    queue.add(1, of("batch", "a", 1));
    queue.add(2, of("interactive", "a", 1));

    assertThat(drain(queue, IN_MEMORY, 10)).containsExactly(2L, 0L, 1L);
  }

  @Test
  void interleavesATenantsFloodWithAnotherTenantsMessages() {
    for (long offset = 0; offset < 1_000; offset++) {
      queue.add(offset, of(null, "flood", 1));
    }
    for (long offset = 1_000; offset < 1_010; offset++) {
      queue.add(offset, of(null, "quiet", 1));
    }

    List<Long> first20 = drain(queue, IN_MEMORY, 20);
    assertThat(first20.stream().filter(o -> o >= 1_000))
        .as("quiet's messages among the first 20 of %s", first20)
        .hasSize(10);
  }

  @Test
  void chargesEachMessageItsCost() {
    for (long offset = 0; offset < 100; offset++) {
      queue.add(offset, of(null, "big", 10));
      queue.add(1_000 + offset, of(null, "small", 1));
    }

    List<Long> first = drain(queue, IN_MEMORY, 55);
    long big = first.stream().filter(o -> o < 1_000).count();
    assertThat(big)
        .as("big prompts among 55 picks when each costs 10 small ones")
        .isBetween(4L, 6L);
  }

  @Test
  void givesNoCreditForTimeATenantWasIdle() {
    for (long offset = 0; offset < 100; offset++) {
      queue.add(offset, of(null, "early", 1));
    }
    drain(queue, IN_MEMORY, 50); // early is served alone: no one else waits
    for (long offset = 100; offset < 150; offset++) {
      queue.add(offset, of(null, "late", 1));
    }

    List<Long> next10 = drain(queue, IN_MEMORY, 10);
    assertThat(next10.stream().filter(o -> o >= 100)).as("late in %s", next10).hasSize(5);
  }

  @Test
  void skipsLanesWhoseOldestBodyIsPagedOutAndWaitsWhenAllAre() {
    queue.add(10, of("interactive", "a", 1)); // beyond the window
    queue.add(1, of("batch", "a", 1));
    MessageBodies window =
        new MessageBodies() {
          @Override
          public Message message(long offset) {
            return offset < 5 ? BODY : null;
          }

          @Override
          public boolean pagedOut(long offset) {
            return offset >= 5;
          }
        };

    assertThat(drain(queue, window, 10)).containsExactly(1L);
    assertThat(queue.next(window)).isEqualTo(-1);
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.next(IN_MEMORY)).as("once read back").isEqualTo(10);
  }

  @Test
  void recoversOffsetsIntoTheLanesOfTheirClasses() {
    OffsetSet pending = OffsetSet.range(0, 6);
    queue.addAll(
        pending,
        Map.of(3L, of("interactive", "a", 7), 4L, of(null, "b", 2), 9L, of("batch", "c", 1)));

    assertThat(queue.size()).isEqualTo(6);
    assertThat(queue.classOf(3)).isEqualTo(of("interactive", "a", 7));
    assertThat(drain(queue, IN_MEMORY, 10).subList(0, 1)).containsExactly(3L);
  }

  @Test
  void recoversIntoANonEmptyQueueWithoutCountingAnOffsetTwice() {
    queue.add(3, of("interactive", "a", 7));
    queue.add(7, null);
    queue.addAll(
        OffsetSet.range(0, 5), Map.of(3L, of("interactive", "a", 7), 1L, of("batch", "b", 1)));

    assertThat(queue.size()).isEqualTo(6);
    assertThat(drain(queue, IN_MEMORY, 10)).containsExactly(3L, 0L, 2L, 4L, 7L, 1L);
  }

  @Test
  void removesFromWhicheverLaneHoldsTheOffset() {
    queue.add(1, of("batch", "a", 1));
    queue.add(2, null);
    queue.add(3, of("interactive", "b", 1));

    assertThat(queue.remove(3)).isTrue();
    assertThat(queue.remove(3)).isFalse();
    assertThat(queue.remove(1)).isTrue();
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.next(IN_MEMORY)).isEqualTo(2);
  }
}
