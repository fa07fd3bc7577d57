package io.switchboard;

import static io.switchboard.Await.failure;
import static io.switchboard.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.internal.deadletter.DeadLetter;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/** Delivery guarantees of a durable topic on a real node: leases, redelivery, dead letters. */
class DeliveryTest extends NodeTest {

  private static void topic(TopicConfig config, String... groups) {
    result(sb.createTopic(config));
    for (String group : groups) {
      result(sb.createGroup(config.name(), group, GroupConfig.DEFAULT));
    }
  }

  private static Message text(String topic, String body) {
    return Message.builder(topic).text(body).build();
  }

  private static List<Delivery> pull(String topic, String group, int max, Duration wait) {
    return result(sb.pull(topic, group, max, wait));
  }

  @Test
  void redeliversAfterLeaseExpires() {
    topic(TopicConfig.of("lease").withPartitions(1).withAckLease(Duration.ofMillis(300)), "g");
    Message sent = text("lease", "hello");
    result(sb.publish(sent));

    Delivery first = pull("lease", "g", 1, Duration.ofSeconds(5)).get(0);
    assertThat(first.attempt()).isEqualTo(1);
    Delivery second = pull("lease", "g", 1, Duration.ofSeconds(5)).get(0);

    assertThat(second.message().id()).isEqualTo(sent.id());
    assertThat(second.attempt()).isEqualTo(2);
    AckResult late = result(sb.ack("lease", "g", List.of(first.receipt())));
    assertThat(late.rejected()).containsExactly(first.receipt());
    assertThat(result(sb.ack("lease", "g", List.of(second.receipt()))).accepted())
        .containsExactly(second.receipt());
  }

  @Test
  void redeliversAtOnceWhenConsumerStops() {
    topic(TopicConfig.of("handover").withPartitions(1).withAckLease(Duration.ofMinutes(5)), "g");
    Message sent = text("handover", "work");
    result(sb.publish(sent));

    ConcurrentLinkedQueue<Delivery> firstConsumer = new ConcurrentLinkedQueue<>();
    ConsumerControl control =
        sb.source("handover", "g", ConsumerSettings.defaults().withCredit(1))
            .to(Sink.foreach(firstConsumer::add))
            .run(node.system());
    await().atMost(Duration.ofSeconds(10)).until(() -> firstConsumer.size() == 1);
    result(control.stop());

    // The lease is five minutes: only the consumer's departure can explain a redelivery now.
    Delivery again = pull("handover", "g", 1, Duration.ofSeconds(10)).get(0);
    assertThat(again.message().id()).isEqualTo(sent.id());
    assertThat(again.attempt()).isEqualTo(2);
  }

  @Test
  void deadLettersAfterMaxAttemptsWithTheReason() {
    topic(TopicConfig.of("poison").withPartitions(1).withMaxAttempts(2), "g");
    Message sent = text("poison", "bad");
    result(sb.publish(sent));

    for (int attempt = 1; attempt <= 2; attempt++) {
      Delivery delivery = pull("poison", "g", 1, Duration.ofSeconds(10)).get(0);
      assertThat(delivery.attempt()).isEqualTo(attempt);
      result(sb.nack("poison", "g", List.of(delivery.receipt()), Duration.ZERO));
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !result(sb.deadLetters("poison", 10)).isEmpty());
    Message letter = result(sb.deadLetters("poison", 10)).get(0);
    assertThat(letter.id()).isEqualTo(sent.id());
    assertThat(letter.headers().get(DeadLetter.REASON)).contains("after 2 attempts");
    assertThat(letter.headers()).containsEntry(DeadLetter.GROUP, "g");
    assertThat(pull("poison", "g", 1, Duration.ZERO)).isEmpty();

    assertThat(result(sb.replayDeadLetters("poison", 10))).isEqualTo(1);
    Delivery replayed = pull("poison", "g", 1, Duration.ofSeconds(10)).get(0);
    assertThat(replayed.message().id()).isEqualTo(sent.id());
    assertThat(result(sb.deadLetters("poison", 10))).isEmpty();
  }

  @Test
  void nackWithDelayHoldsTheMessageBack() {
    topic(TopicConfig.of("later").withPartitions(1), "g");
    result(sb.publish(text("later", "retry me")));
    Delivery first = pull("later", "g", 1, Duration.ofSeconds(10)).get(0);

    long nackedAt = System.nanoTime();
    result(sb.nack("later", "g", List.of(first.receipt()), Duration.ofMillis(800)));
    assertThat(pull("later", "g", 1, Duration.ZERO)).isEmpty();
    Delivery again = pull("later", "g", 1, Duration.ofSeconds(10)).get(0);

    assertThat(Duration.ofNanos(System.nanoTime() - nackedAt))
        .isGreaterThanOrEqualTo(Duration.ofMillis(800));
    assertThat(again.attempt()).isEqualTo(2);
  }

  @Test
  void answersOverloadedAtTheBacklogLimitAndRecoversWhenDrained() {
    topic(TopicConfig.of("full").withPartitions(1).withBacklogLimit(10), "g");
    List<Message> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(text("full", "m" + i));
    }
    result(sb.publishAll(ten));

    SwitchboardException refused = failure(sb.publish(text("full", "one too many")));
    assertThat(refused).isInstanceOf(SwitchboardException.Overloaded.class);
    assertThat(((SwitchboardException.Overloaded) refused).retryAfter()).isPositive();
    assertThat(result(sb.stats("full")).published()).isEqualTo(10);

    List<Delivery> all = pull("full", "g", 10, Duration.ofSeconds(10));
    while (all.size() < 10) {
      all.addAll(pull("full", "g", 10 - all.size(), Duration.ofSeconds(10)));
    }
    result(sb.ack("full", "g", all.stream().map(Delivery::receipt).toList()));
    await().atMost(Duration.ofSeconds(10)).until(() -> result(sb.stats("full")).stored() == 0);
    assertThat(result(sb.publish(text("full", "fits again"))).offset()).isEqualTo(10);
  }

  @Test
  void dropsARepublishWithTheSameIdempotencyKey() {
    topic(TopicConfig.of("once").withPartitions(1), "g");
    Message first = Message.builder("once").idempotencyKey("order-42").text("a").build();
    Message retry = Message.builder("once").idempotencyKey("order-42").text("a").build();
    Message sameBatch = Message.builder("once").idempotencyKey("order-43").text("b").build();

    Confirm original = result(sb.publish(first));
    Confirm duplicate = result(sb.publish(retry));
    List<Confirm> batch = result(sb.publishAll(List.of(sameBatch, sameBatch)));

    assertThat(duplicate.duplicate()).isTrue();
    assertThat(duplicate.offset()).isEqualTo(original.offset());
    assertThat(batch.get(0).duplicate()).isFalse();
    assertThat(batch.get(1).duplicate()).isTrue();
    assertThat(batch.get(1).offset()).isEqualTo(batch.get(0).offset());
    assertThat(result(sb.stats("once")).published()).isEqualTo(2);
  }

  @Test
  void keepsPerKeyOrderWithinAPartition() {
    topic(TopicConfig.of("ordered").withPartitions(3), "g");
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      messages.add(
          Message.builder("ordered")
              .key("conversation-" + (i % 5))
              .text(Integer.toString(i))
              .build());
    }
    result(sb.publishAll(messages));

    List<Delivery> got =
        result(
            sb.source("ordered", "g", ConsumerSettings.defaults())
                .take(300)
                .map(
                    d -> {
                      d.ack();
                      return d;
                    })
                .runWith(Sink.seq(), node.system()));

    for (int k = 0; k < 5; k++) {
      String key = "conversation-" + k;
      List<String> expected =
          messages.stream().filter(m -> m.key().equals(key)).map(Message::id).toList();
      List<String> seen =
          got.stream()
              .map(Delivery::message)
              .filter(m -> m.key().equals(key))
              .map(Message::id)
              .toList();
      assertThat(seen).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void everyGroupGetsEveryMessageAndEachConsumerOfAGroupADistinctShare() {
    topic(TopicConfig.of("fanout").withPartitions(2), "billing", "audit");
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      messages.add(text("fanout", "m" + i));
    }
    result(sb.publishAll(messages));

    ConcurrentLinkedQueue<String> one = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> two = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> audit = new ConcurrentLinkedQueue<>();
    List<ConsumerControl> controls =
        List.of(
            consume("fanout", "billing", one),
            consume("fanout", "billing", two),
            consume("fanout", "audit", audit));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> one.size() + two.size() == 200 && audit.size() == 200);
    controls.forEach(c -> result(c.stop()));

    List<String> ids = messages.stream().map(Message::id).toList();
    assertThat(audit).containsExactlyInAnyOrderElementsOf(ids);
    // disjoint, however the balancer split the partitions (one consumer may have had both for a
    // while)
    assertThat(java.util.Collections.disjoint(one, two))
        .as("%s and %s share a message", one, two)
        .isTrue();
    List<String> billing = new ArrayList<>(one);
    billing.addAll(two);
    assertThat(billing).containsExactlyInAnyOrderElementsOf(ids);
  }

  private static ConsumerControl consume(
      String topic, String group, ConcurrentLinkedQueue<String> into) {
    Pair<ConsumerControl, ?> run =
        sb.source(topic, group, ConsumerSettings.defaults().withCredit(4))
            .map(
                d -> {
                  into.add(d.message().id());
                  d.ack();
                  return d;
                })
            .toMat(Sink.ignore(), Keep.both())
            .run(node.system());
    return run.first();
  }

  @Test
  void neverHandsAConsumerMoreThanItsCredit() {
    topic(TopicConfig.of("credit").withPartitions(1), "g");
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      messages.add(text("credit", "m" + i));
    }
    result(sb.publishAll(messages));

    ConcurrentLinkedQueue<Delivery> held = new ConcurrentLinkedQueue<>();
    ConsumerControl control =
        sb.source("credit", "g", ConsumerSettings.defaults().withCredit(5))
            .to(Sink.foreach(held::add))
            .run(node.system());
    await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 5);
    // Acking two frees exactly two slots.
    held.poll().ack();
    held.poll().ack();
    await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 5);
    var stats = result(sb.stats("credit")).groups().get(0);
    assertThat(stats.inFlight()).isEqualTo(5);
    assertThat(stats.delivered()).isEqualTo(7);
    result(control.stop());
  }

  @Test
  void transientTopicsWorkTheSameInMemory() {
    topic(TopicConfig.of("fast").withPartitions(2).withDurable(false), "g");
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      messages.add(text("fast", "m" + i));
    }
    result(sb.publishAll(messages));
    List<Delivery> got =
        result(
            sb.source("fast", "g", ConsumerSettings.defaults())
                .take(100)
                .map(
                    d -> {
                      d.ack();
                      return d;
                    })
                .runWith(Sink.seq(), node.system()));
    assertThat(got)
        .extracting(d -> d.message().id())
        .containsExactlyInAnyOrderElementsOf(messages.stream().map(Message::id).toList());
  }

  @Test
  void keepsTheLastAcksOfAStreamThatEnds() {
    // The stream ends right after its last acks: the partitions must see those acks before
    // they see the consumer leave, or they would redeliver what was already done.
    for (int round = 0; round < 5; round++) {
      String topic = "ending-" + round;
      topic(TopicConfig.of(topic).withPartitions(3), "g");
      List<Message> messages = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        messages.add(text(topic, "m" + i));
      }
      result(sb.publishAll(messages));
      result(
          sb.source(topic, "g", ConsumerSettings.defaults())
              .take(20)
              .map(
                  d -> {
                    d.ack();
                    return d;
                  })
              .runWith(Sink.ignore(), node.system()));
      await().atMost(Duration.ofSeconds(10)).until(() -> result(sb.stats(topic)).stored() == 0);
      var stats = result(sb.stats(topic)).groups().get(0);
      assertThat(stats.acked()).isEqualTo(20);
      assertThat(stats.redelivered()).isZero();
    }
  }
}
