package io.switchboard;

import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.Receipt;
import io.switchboard.message.Message;
import io.switchboard.message.MessageLimits;
import io.switchboard.producer.Confirm;
import io.switchboard.routing.Route;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import io.switchboard.worker.WorkerHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Switchboard inside an {@link ActorSystem}: topics, groups, routes, publishing and consuming.
 *
 * <p>Every method is thread-safe and non-blocking. A failed stage carries a {@link
 * SwitchboardException} whose {@link ErrorCode} says what was refused.
 */
public final class Switchboard implements Extension {

  private static final class Id extends ExtensionId<Switchboard> {
    @Override
    public Switchboard createExtension(ActorSystem<?> system) {
      return new Switchboard(system);
    }
  }

  private static final Id ID = new Id();

  private final ActorSystem<?> system;

  private Switchboard(ActorSystem<?> system) {
    this.system = system;
  }

  /** Returns the system's Switchboard, starting it on first use. */
  public static Switchboard get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  public ActorSystem<?> system() {
    return system;
  }

  /** Returns the message limits in force ({@code switchboard.limits}). */
  public MessageLimits limits() {
    return MessageLimits.fromConfig(system.settings().config().getConfig("switchboard.limits"));
  }

  /** Creates a topic and its dead-letter topic; fails with {@code TOPIC_EXISTS} if taken. */
  public CompletionStage<TopicConfig> createTopic(TopicConfig config) {
    return notYet();
  }

  public CompletionStage<Optional<TopicConfig>> describeTopic(String topic) {
    return notYet();
  }

  public CompletionStage<List<TopicConfig>> listTopics() {
    return notYet();
  }

  /** Deletes a topic, its groups and its stored messages; fails with {@code UNKNOWN_TOPIC}. */
  public CompletionStage<Done> deleteTopic(String topic) {
    return notYet();
  }

  public CompletionStage<TopicStats> stats(String topic) {
    return notYet();
  }

  /** Creates a consumer group; fails with {@code GROUP_EXISTS} or {@code UNKNOWN_TOPIC}. */
  public CompletionStage<Done> createGroup(String topic, String group, GroupConfig config) {
    return notYet();
  }

  public CompletionStage<Map<String, GroupConfig>> listGroups(String topic) {
    return notYet();
  }

  public CompletionStage<Done> deleteGroup(String topic, String group) {
    return notYet();
  }

  /** Publishes one message; completes when the partition has stored it. */
  public CompletionStage<Confirm> publish(Message message) {
    return notYet();
  }

  /** Publishes messages (any topics) with one write per partition; confirms in input order. */
  public CompletionStage<List<Confirm>> publishAll(List<Message> messages) {
    return notYet();
  }

  /** Returns a flow that publishes and emits confirms in order, backpressured on confirms. */
  public Flow<Message, Confirm, NotUsed> publisher(int parallelism) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Returns the deliveries of a group to one consumer; cancel or stop the control to leave. */
  public Source<Delivery, ConsumerControl> source(
      String topic, String group, ConsumerSettings settings) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Takes up to {@code max} deliveries, waiting up to {@code wait} for the first. */
  public CompletionStage<List<Delivery>> pull(String topic, String group, int max, Duration wait) {
    return notYet();
  }

  public CompletionStage<AckResult> ack(String topic, String group, List<Receipt> receipts) {
    return notYet();
  }

  public CompletionStage<AckResult> nack(
      String topic, String group, List<Receipt> receipts, Duration delay) {
    return notYet();
  }

  public CompletionStage<Done> addRoute(Route route) {
    return notYet();
  }

  public CompletionStage<Done> removeRoute(Route route) {
    return notYet();
  }

  public CompletionStage<List<Route>> routes() {
    return notYet();
  }

  /** Publishes through the router to every topic bound to the message's type. */
  public CompletionStage<List<Confirm>> route(Message message) {
    return notYet();
  }

  /** Returns up to {@code limit} dead letters of a topic, oldest first, with their reasons. */
  public CompletionStage<List<Message>> deadLetters(String topic, int limit) {
    return notYet();
  }

  /** Sends up to {@code max} dead letters back to the group that failed them. */
  public CompletionStage<Integer> replayDeadLetters(String topic, int max) {
    return notYet();
  }

  /** Runs {@code handler} for the group's messages as {@code concurrency} sharded workers. */
  public ConsumerControl runWorkers(
      String topic, String group, WorkerHandler handler, int concurrency) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  private static <T> CompletionStage<T> notYet() {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("not implemented yet"));
  }
}
