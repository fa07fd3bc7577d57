package io.switchboard;

import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestOptions;
import io.switchboard.routing.Route;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * What an application does with Switchboard, wherever it runs: the embedded {@link Switchboard} and
 * the remote {@code io.switchboard.client.SwitchboardClient} both implement it, so moving from one
 * to the other changes how the object is obtained, not the code that uses it.
 *
 * <p>Every method is thread-safe and non-blocking. A failed stage carries a {@link
 * SwitchboardException} whose {@link ErrorCode} says what was refused; stages may complete on an
 * internal thread, so chain them with the {@code *Async} forms.
 */
public interface Fabric {

  /** Publishes one message; completes when the partition has stored it. */
  CompletionStage<Confirm> publish(Message message);

  /** Publishes messages (any topics); confirms in input order. */
  CompletionStage<List<Confirm>> publishAll(List<Message> messages);

  /** Returns a flow that publishes and emits confirms in order, failing on the first refusal. */
  Flow<Message, Confirm, NotUsed> publisher(int parallelism);

  /** Returns a sink that publishes everything and completes when all is confirmed. */
  Sink<Message, CompletionStage<Done>> publishSink(int parallelism);

  /** Returns the deliveries of a group to one consumer; cancel or stop the control to leave. */
  Source<Delivery, ConsumerControl> source(String topic, String group, ConsumerSettings consumer);

  /**
   * Sends a request to a worker topic and returns its answer: chunks in order, then the final reply
   * ({@code last}), or a failure (DEADLINE_EXCEEDED, REQUEST_FAILED, ...). The request id is the
   * message id. Cancelling the stream before the final reply cancels the request.
   */
  default Source<ReplyChunk, NotUsed> request(Message message, RequestOptions options) {
    return Source.failed(
        new SwitchboardException(
            ErrorCode.INVALID_ARGUMENT,
            "requests are not offered over this connection yet (see docs/requests.md)"));
  }

  /** Reattaches to a request: returns what follows {@code cursor}, as {@link #request} would. */
  default Source<ReplyChunk, NotUsed> replies(String requestId, long cursor) {
    return Source.failed(
        new SwitchboardException(
            ErrorCode.INVALID_ARGUMENT,
            "requests are not offered over this connection yet (see docs/requests.md)"));
  }

  CompletionStage<TopicConfig> createTopic(TopicConfig config);

  CompletionStage<Optional<TopicConfig>> describeTopic(String topic);

  CompletionStage<List<TopicConfig>> listTopics();

  CompletionStage<Done> deleteTopic(String topic);

  CompletionStage<TopicStats> stats(String topic);

  CompletionStage<Done> createGroup(String topic, String group, GroupConfig config);

  CompletionStage<Map<String, GroupConfig>> listGroups(String topic);

  CompletionStage<Done> deleteGroup(String topic, String group);

  CompletionStage<Done> addRoute(Route route);

  CompletionStage<Done> removeRoute(Route route);

  CompletionStage<List<Route>> routes();

  CompletionStage<List<Message>> deadLetters(String topic, int limit);

  CompletionStage<Integer> replayDeadLetters(String topic, int max);

  /**
   * Replays the dead letters whose message id is in {@code ids}, looked for among the oldest {@code
   * scan}; returns the ids that went (an id not found is left out).
   */
  CompletionStage<List<String>> replayDeadLetters(String topic, Set<String> ids, int scan);

  /** Removes up to {@code max} of the oldest dead letters for good; returns how many. */
  CompletionStage<Integer> purgeDeadLetters(String topic, int max);
}
