package io.switchboard.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The bitset of offsets behaves as a sorted set of longs, far from its start and after a round
 * trip.
 */
class OffsetSetTest {

  @Test
  void behavesAsASortedSetUnderRandomAddsAndRemovesAroundAMovingHead() {
    OffsetSet set = new OffsetSet();
    TreeSet<Long> expected = new TreeSet<>();
    Random random = new Random(7);
    long head = 5_000_000_000L; // offsets beyond int: the base carries them
    for (int i = 0; i < 200_000; i++) {
      long offset = head + random.nextInt(300_000) - 1_000;
      if (random.nextInt(3) == 0) {
        assertThat(set.remove(offset)).isEqualTo(expected.remove(offset));
      } else {
        assertThat(set.add(offset)).isEqualTo(expected.add(offset));
      }
      if (i % 10 == 0 && !expected.isEmpty()) {
        assertThat(set.pollFirst()).isEqualTo(expected.pollFirst());
      }
      head += 3;
    }
    assertThat(set.size()).isEqualTo(expected.size());
    assertThat(set).containsExactlyElementsOf(expected);
    assertThat(set.first()).isEqualTo(expected.first());
  }

  @Test
  void roundTripsThroughItsRunsAndAContiguousBacklogIsOneRun() {
    OffsetSet backlog = OffsetSet.range(10, 10_000_010);
    assertThat(backlog.runs()).containsExactly(10, 10_000_000);

    backlog.remove(500);
    backlog.add(20_000_000);
    OffsetSet back = OffsetSet.fromRuns(backlog.runs());
    assertThat(back.size()).isEqualTo(10_000_000);
    assertThat(back.contains(500)).isFalse();
    assertThat(back.contains(501)).isTrue();
    assertThat(back.next(10_000_010)).isEqualTo(20_000_000);
    assertThat(back.runs()).containsExactly(backlog.runs());
  }
}
