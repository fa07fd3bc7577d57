package io.switchboard.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {

  @Test
  void popsInTimeOrderAndTiesInInsertionOrder() {
    EventQueue queue = new EventQueue();
    SplittableRandom random = new SplittableRandom(9);
    List<long[]> expected = new ArrayList<>();
    // few distinct times, so that ties are common; enough events to grow the heap twice
    for (int i = 0; i < 5000; i++) {
      long time = random.nextInt(50);
      queue.push(time, i);
      expected.add(new long[] {time, i});
    }
    expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));

    for (long[] event : expected) {
      assertThat(queue.peekTime()).isEqualTo(event[0]);
      assertThat(queue.pop()).isEqualTo(event[1]);
      assertThat(queue.poppedTime()).isEqualTo(event[0]);
    }
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void interleavesPushesAndPops() {
    EventQueue queue = new EventQueue();
    queue.push(10, 1);
    queue.push(5, 2);
    assertThat(queue.pop()).isEqualTo(2);
    queue.push(7, 3);
    queue.push(10, 4);
    assertThat(queue.pop()).isEqualTo(3);
    assertThat(queue.pop()).isEqualTo(1);
    assertThat(queue.pop()).isEqualTo(4);
    assertThat(queue.size()).isZero();
  }
}
