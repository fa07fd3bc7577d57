package io.switchboard.simulator.contract;

import static org.awaitility.Awaitility.await;

import io.switchboard.Switchboard;
import io.switchboard.TestNode;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.simulator.contract.DeliveryRules.Case;
import io.switchboard.simulator.contract.DeliveryRules.Outcome;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Runs a case on a real single-node Switchboard: a topic of one partition, one consumer answering
 * as the case says.
 */
final class LibraryFabric {
  private final TestNode node;
  private int topics;

  LibraryFabric(TestNode node) {
    this.node = node;
  }

  Outcome run(Case c) {
    Switchboard sb = node.switchboard();
    String topic = "contract-" + ++topics;
    join(
        sb.createTopic(
            TopicConfig.of(topic)
                .withPartitions(1)
                .withMaxAttempts(c.maxAttempts())
                .withAckLease(c.ackLease())));
    join(sb.createGroup(topic, "g", GroupConfig.DEFAULT));
    AtomicLong deliveries = new AtomicLong();
    AtomicLong redeliveries = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    ConsumerControl control =
        sb.source(topic, "g", new ConsumerSettings("contract", c.messages() * c.maxAttempts(), 1))
            .toMat(
                Sink.foreach(
                    delivery -> {
                      deliveries.incrementAndGet();
                      if (delivery.attempt() > 1) {
                        redeliveries.incrementAndGet();
                      }
                      answer(c, delivery, completed);
                    }),
                Keep.left())
            .run(node.system());
    try {
      List<Message> messages = new ArrayList<>();
      for (int i = 0; i < c.messages(); i++) {
        messages.add(Message.builder(topic).text("m" + i).build());
      }
      join(sb.publishAll(messages));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  c.consumer() == DeliveryRules.Consumer.ACKS
                      ? completed.get() == c.messages()
                      : join(sb.deadLetters(topic, c.messages() + 1)).size() == c.messages());
      long deadLetters = join(sb.deadLetters(topic, c.messages() + 1)).size();
      return new Outcome(deliveries.get(), redeliveries.get(), deadLetters, completed.get());
    } finally {
      join(control.stop());
    }
  }

  private static void answer(Case c, Delivery delivery, AtomicLong completed) {
    switch (c.consumer()) {
      case ACKS -> {
        delivery.ack();
        completed.incrementAndGet();
      }
      case FAILS -> delivery.nack(Duration.ZERO);
      case HOLDS -> {} // no answer: the lease decides
    }
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }
}
