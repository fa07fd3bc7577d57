package io.switchboard.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.ErrorCode;
import io.switchboard.Switchboard;
import io.switchboard.SwitchboardException;
import io.switchboard.TestNode;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Switchboard.consume}: deliveries handed to the caller's outlet within the credit; the
 * reason when they end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryOutletTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  TestNode node;
  Switchboard sb;

  @BeforeAll
  void start(@TempDir Path dir) {
    node = new TestNode(dir);
    sb = node.switchboard();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  /** Keeps what it is offered and how the deliveries ended. */
  private static final class Recording implements DeliveryOutlet {
    final List<Delivery> offered = new CopyOnWriteArrayList<>();
    final CompletableFuture<Throwable> ended = new CompletableFuture<>();
    volatile int batches;

    @Override
    public boolean offer(Delivery delivery) {
      offered.add(delivery);
      return true;
    }

    @Override
    public void endOfBatch() {
      batches++;
    }

    @Override
    public void complete() {
      ended.complete(null);
    }

    @Override
    public void fail(Throwable failure) {
      ended.complete(failure);
    }
  }

  private static <T> T result(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  private void topic(String name, int messages) {
    result(sb.createTopic(TopicConfig.of(name).withPartitions(1)));
    result(sb.createGroup(name, "g", GroupConfig.DEFAULT));
    result(
        sb.publishAll(
            IntStream.range(0, messages)
                .mapToObj(i -> Message.builder(name).text("m" + i).build())
                .toList()));
  }

  @Test
  void handsOverNoMoreThanTheCreditUntilAcked() {
    topic("outlet-credit", 30);
    Recording outlet = new Recording();
    ConsumerControl control =
        sb.consume("outlet-credit", "g", ConsumerSettings.defaults().withCredit(10), outlet);

    await().atMost(WAIT).until(() -> outlet.offered.size() == 10);
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> outlet.offered.size() == 10);
    assertThat(outlet.batches).isPositive();
    outlet.offered.forEach(Delivery::ack);
    await().atMost(WAIT).until(() -> outlet.offered.size() == 20);

    result(control.stop());
    await().atMost(WAIT).until(outlet.ended::isDone);
    assertThat(outlet.ended.join()).isNull();
  }

  @Test
  void failsWithTheReasonWhenTheGroupIsUnknown() {
    result(sb.createTopic(TopicConfig.of("outlet-nogroup").withPartitions(1)));
    Recording outlet = new Recording();
    sb.consume("outlet-nogroup", "missing", ConsumerSettings.defaults(), outlet);
    await().atMost(WAIT).until(outlet.ended::isDone);
    assertThat(outlet.ended.join())
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            refused -> assertThat(refused.code()).isEqualTo(ErrorCode.UNKNOWN_GROUP));
  }
}
