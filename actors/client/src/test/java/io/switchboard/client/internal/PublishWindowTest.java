package io.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.SwitchboardException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PublishWindowTest {
  private static SwitchboardException full() {
    return new SwitchboardException.Overloaded("queue full", Duration.ZERO);
  }

  @Test
  void grantsAtOnceWhileThereIsRoom() {
    PublishWindow window = new PublishWindow(10, 100);

    assertThat(window.acquire(4, PublishWindowTest::full)).isCompleted();
    assertThat(window.acquire(6, PublishWindowTest::full)).isCompleted();
    assertThat(window.inUse()).isEqualTo(10);
  }

  @Test
  void aWaiterGoesOnlyWhenEnoughIsReleasedAndInArrivalOrder() {
    PublishWindow window = new PublishWindow(10, 100);
    window.acquire(10, PublishWindowTest::full);
    CompletableFuture<Void> first = window.acquire(5, PublishWindowTest::full);
    CompletableFuture<Void> second = window.acquire(1, PublishWindowTest::full);

    window.release(4);
    assertThat(first).isNotDone();
    assertThat(second).as("a small waiter does not overtake a larger one").isNotDone();

    window.release(2);
    assertThat(first).isCompleted();
    assertThat(second).isCompleted();
    assertThat(window.inUse()).isEqualTo(10);
  }

  @Test
  void refusesAtOnceWhenTheQueueOfWaitersIsFull() {
    PublishWindow window = new PublishWindow(2, 3);
    window.acquire(2, PublishWindowTest::full);
    assertThat(window.acquire(2, PublishWindowTest::full)).isNotDone();

    CompletableFuture<Void> refused = window.acquire(2, PublishWindowTest::full);

    assertThat(refused).isCompletedExceptionally();
    assertThat(window.inUse()).isEqualTo(2);
  }

  @Test
  void failsTheWaitersWhenTheClientCloses() {
    PublishWindow window = new PublishWindow(1, 10);
    window.acquire(1, PublishWindowTest::full);
    CompletableFuture<Void> waiting = window.acquire(1, PublishWindowTest::full);

    window.failWaiting(full());

    assertThat(waiting).isCompletedExceptionally();
  }
}
