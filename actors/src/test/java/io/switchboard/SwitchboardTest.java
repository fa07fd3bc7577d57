package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

class SwitchboardTest extends NodeTest {

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
  }

  @Test
  void publishesAndConsumesThroughAGroup() {
    await(sb.createTopic(TopicConfig.of("orders").withPartitions(2)));
    await(sb.createGroup("orders", "billing", GroupConfig.DEFAULT));
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      messages.add(Message.builder("orders").key("k" + (i % 7)).text("m" + i).build());
    }
    List<Confirm> confirms = await(sb.publishAll(messages));
    assertThat(confirms).hasSize(100).allMatch(c -> !c.duplicate());

    List<Delivery> got =
        await(
            sb.source("orders", "billing", ConsumerSettings.defaults())
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
  void publishEachFailsOnlyTheMessagesThatAreRefused() {
    await(sb.createTopic(TopicConfig.of("roomy").withPartitions(2)));
    await(sb.createTopic(TopicConfig.of("cramped").withPartitions(1).withBacklogLimit(1)));
    await(sb.createGroup("cramped", "g", GroupConfig.DEFAULT));
    await(sb.publish(Message.builder("cramped").text("fills it").build()));

    List<io.switchboard.producer.PublishOutcome> outcomes =
        await(
            sb.publishEach(
                List.of(
                    Message.builder("roomy").key("a").text("1").build(),
                    Message.builder("cramped").text("2").build(),
                    Message.builder("absent").text("3").build(),
                    Message.builder("roomy")
                        .key("b")
                        .header("switchboard-x", "reserved")
                        .text("4")
                        .build(),
                    Message.builder("roomy").key("c").text("5").build())));

    assertThat(outcomes.get(0).confirm().topic()).isEqualTo("roomy");
    assertThat(outcomes.get(1).failure()).isInstanceOf(SwitchboardException.Overloaded.class);
    assertThat(((SwitchboardException) outcomes.get(2).failure()).code())
        .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
    assertThat(((SwitchboardException) outcomes.get(3).failure()).code())
        .isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(outcomes.get(4).confirm().topic()).isEqualTo("roomy");
    assertThat(await(sb.stats("roomy")).published()).isEqualTo(2);
  }

  @Test
  void rejectsUnknownTopic() {
    assertThatThrownBy(() -> await(sb.publish(Message.builder("nope").text("x").build())))
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(SwitchboardException.class)
        .satisfies(
            e -> assertThat(((SwitchboardException) e).code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC));
  }
}
