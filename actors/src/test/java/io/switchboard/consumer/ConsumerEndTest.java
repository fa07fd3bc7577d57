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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A consumer Source ends with the reason when its group or its topic is deleted. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumerEndTest {
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

  private static <T> T result(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  private CompletableFuture<Done> consume(String topic) {
    result(sb.createTopic(TopicConfig.of(topic).withPartitions(2)));
    result(sb.createGroup(topic, "g", GroupConfig.DEFAULT));
    CompletableFuture<Boolean> first = new CompletableFuture<>();
    Pair<ConsumerControl, CompletionStage<Done>> running =
        sb.source(topic, "g", ConsumerSettings.defaults())
            .toMat(
                Sink.foreach(
                    d -> {
                      d.ack();
                      first.complete(true);
                    }),
                Keep.both())
            .run(node.system());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              result(sb.publish(Message.builder(topic).text("hello").build()));
              return first.isDone();
            });
    return running.second().toCompletableFuture();
  }

  private static ErrorCode failure(CompletableFuture<Done> done) {
    await().atMost(Duration.ofSeconds(15)).until(done::isDone);
    try {
      done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof SwitchboardException refused) {
        return refused.code();
      }
      throw e;
    }
    throw new AssertionError("the source completed instead of failing");
  }

  @Test
  void failsWithUnknownGroupWhenTheGroupIsDeleted() {
    CompletableFuture<Done> done = consume("ends-group");
    result(sb.deleteGroup("ends-group", "g"));
    assertThat(failure(done)).isEqualTo(ErrorCode.UNKNOWN_GROUP);
  }

  @Test
  void failsWithUnknownTopicWhenTheTopicIsDeleted() {
    CompletableFuture<Done> done = consume("ends-topic");
    result(sb.deleteTopic("ends-topic"));
    assertThat(failure(done)).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
  }
}
