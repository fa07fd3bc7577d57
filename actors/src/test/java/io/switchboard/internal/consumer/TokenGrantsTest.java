package io.switchboard.internal.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.consumer.Receipt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A shared token budget against partitions that follow the partition's rule (hand out while the
 * outstanding cost fits the grant; a grant of the whole budget takes one message alone), with every
 * message between them delayed and interleaved at random: the worker never holds more than the
 * budget with two or more messages, and every message is served.
 */
class TokenGrantsTest {
  private static final long BUDGET = 1_000;

  /** What travels between the consumer and one partition, in order. */
  private sealed interface Note {}

  private record Grant(long value) implements Note {}

  private record Ack(Receipt receipt, long cost) implements Note {}

  private record Delivered(Receipt receipt, long cost) implements Note {}

  private record Tokens(long grant, long wanted) implements Note {}

  private static final class Partition {
    final int index;
    final Deque<Long> backlog = new ArrayDeque<>();
    final Deque<Note> in = new ArrayDeque<>();
    final Deque<Note> out = new ArrayDeque<>();
    long grant = -1;
    long outstanding;
    int outstandingCount;
    long told;
    long offset;

    Partition(int index) {
      this.index = index;
    }

    void take(Note note) {
      if (note instanceof Grant g) {
        grant = g.value;
        dispatch();
        out.add(new Tokens(grant, told));
      } else if (note instanceof Ack a) {
        outstanding -= a.cost;
        outstandingCount--;
        dispatch();
      }
    }

    void dispatch() {
      while (grant >= 0 && !backlog.isEmpty()) {
        long head = backlog.peek();
        boolean alone = outstandingCount == 0 && grant >= BUDGET;
        if (!alone && outstanding + head > grant) {
          break;
        }
        backlog.poll();
        outstanding += head;
        outstandingCount++;
        out.add(new Delivered(new Receipt(index, offset++, 1, 1, 1), head));
      }
      long want = backlog.isEmpty() || grant < 0 ? 0 : backlog.peek();
      if (want != told) {
        told = want;
        out.add(new Tokens(grant, want));
      }
    }
  }

  @Test
  void neverHandsMoreThanTheBudgetAcrossPartitionsAndServesEveryMessage() {
    for (long seed = 1; seed <= 20; seed++) {
      run(seed, 4);
      run(seed, 3);
    }
  }

  private static void run(long seed, int partitionCount) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Partition> partitions = new ArrayList<>();
    int total = 0;
    for (int p = 0; p < partitionCount; p++) {
      Partition partition = new Partition(p);
      for (int i = 0; i < 60; i++) {
        partition.backlog.add(random.nextInt(30) == 0 ? 1_500L : 50 + random.nextInt(550));
        total++;
      }
      partitions.add(partition);
    }
    TokenGrants grants =
        new TokenGrants(
            BUDGET, partitionCount, (p, value) -> partitions.get(p).in.add(new Grant(value)));
    for (Partition partition : partitions) {
      partition.in.add(new Grant(grants.grant(partition.index)));
    }
    List<Delivered> held = new ArrayList<>();
    int served = 0;
    long mostShared = 0;
    for (int step = 0; step < 1_000_000 && served < total; step++) {
      Partition partition = partitions.get(random.nextInt(partitionCount));
      int action = random.nextInt(3);
      if (action == 0 && !partition.in.isEmpty()) {
        partition.take(partition.in.poll());
      } else if (action == 1 && !partition.out.isEmpty()) {
        Note note = partition.out.poll();
        if (note instanceof Delivered d) {
          grants.delivered(d.receipt, d.cost);
          held.add(d);
          long sum = held.stream().mapToLong(Delivered::cost).sum();
          if (held.size() > 1) {
            mostShared = Math.max(mostShared, sum);
          }
          assertThat(held.size() == 1 || sum <= BUDGET)
              .as("seed %d: holds %s", seed, held)
              .isTrue();
        } else if (note instanceof Tokens t) {
          grants.tokens(partition.index, t.grant, t.wanted);
        }
      } else if (action == 2 && !held.isEmpty()) {
        Delivered done = held.remove(random.nextInt(held.size()));
        grants.settled(done.receipt);
        partitions.get(done.receipt.partition()).in.add(new Ack(done.receipt, done.cost));
        served++;
      }
    }
    assertThat(served).as("seed %d: every message served", seed).isEqualTo(total);
    assertThat(mostShared).isGreaterThan(BUDGET / 2);
  }
}
