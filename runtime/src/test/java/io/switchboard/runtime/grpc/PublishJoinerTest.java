package io.switchboard.runtime.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The publish joiner: at once when a slot is free, joined while the slots are taken, never more
 * than the slots.
 */
class PublishJoinerTest {
  /** Publishes started, in order, each completed by the test. */
  private final List<List<Integer>> started = new ArrayList<>();

  private final List<CompletableFuture<Void>> running = new ArrayList<>();

  private PublishJoiner<Integer> joiner(int parallelism, int maxWeight) {
    // an item's weight is its value: the number of messages of a request
    return new PublishJoiner<>(
        parallelism,
        maxWeight,
        item -> item,
        batch -> {
          started.add(List.copyOf(batch));
          CompletableFuture<Void> publish = new CompletableFuture<>();
          running.add(publish);
          return publish;
        });
  }

  @Test
  void startsAPublishAtOnceWhileASlotIsFree() {
    PublishJoiner<Integer> joiner = joiner(2, 100);
    joiner.offer(1);
    joiner.offer(2);
    assertThat(started).containsExactly(List.of(1), List.of(2));
    assertThat(joiner.waiting()).isZero();
  }

  @Test
  void joinsWhatWaitsIntoTheNextPublishUpToTheMaximumWeight() {
    PublishJoiner<Integer> joiner = joiner(1, 10);
    joiner.offer(1);
    List.of(4, 5, 3, 20).forEach(joiner::offer);
    assertThat(started).hasSize(1);
    assertThat(joiner.waiting()).isEqualTo(4);

    running.get(0).complete(null);
    assertThat(started.get(1)).containsExactly(4, 5);
    running.get(1).complete(null);
    assertThat(started.get(2)).containsExactly(3);
    // heavier than the maximum on its own: still published, alone
    running.get(2).complete(null);
    assertThat(started.get(3)).containsExactly(20);
    running.get(3).complete(null);
    assertThat(joiner.waiting()).isZero();
  }

  @Test
  void neverRunsMoreThanItsParallelismAndFreesASlotWhenAPublishFails() {
    PublishJoiner<Integer> joiner = joiner(2, 1);
    for (int i = 0; i < 6; i++) {
      joiner.offer(1);
    }
    assertThat(started).hasSize(2);
    running.get(0).completeExceptionally(new IllegalStateException("journal down"));
    assertThat(started).hasSize(3);
    assertThat(running.stream().filter(publish -> !publish.isDone())).hasSize(2);
    for (int i = 1; i < 5; i++) {
      // each completion starts the next waiting one (the list grows as it goes)
      running.get(i).complete(null);
    }
    assertThat(started).hasSize(6);
    running.get(5).complete(null);
    // every slot is free again: the next offer starts at once
    joiner.offer(1);
    assertThat(started).hasSize(7);
  }
}
