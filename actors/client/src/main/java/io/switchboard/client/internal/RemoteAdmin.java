package io.switchboard.client.internal;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.message.Message;
import io.switchboard.protocol.v1.CreateGroupRequest;
import io.switchboard.protocol.v1.CreateTopicRequest;
import io.switchboard.protocol.v1.DeleteGroupRequest;
import io.switchboard.protocol.v1.DeleteTopicRequest;
import io.switchboard.protocol.v1.GetTopicRequest;
import io.switchboard.protocol.v1.GetTopicStatsRequest;
import io.switchboard.protocol.v1.ListDeadLettersRequest;
import io.switchboard.protocol.v1.ListGroupsRequest;
import io.switchboard.protocol.v1.ListRoutesRequest;
import io.switchboard.protocol.v1.ListTopicsRequest;
import io.switchboard.protocol.v1.PurgeDeadLettersRequest;
import io.switchboard.protocol.v1.ReplayDeadLettersRequest;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import io.switchboard.routing.Route;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import io.switchboard.topic.TopicStats;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;

/**
 * The client's administrative calls (topics, groups, routes, dead letters), each one unary call
 * translated from and to the wire; {@link io.switchboard.client.SwitchboardClient} delegates to it.
 */
public final class RemoteAdmin {
  private final UnaryCall calls;
  private final Executor executor;

  public RemoteAdmin(UnaryCall calls, Executor executor) {
    this.calls = calls;
    this.executor = executor;
  }

  public CompletionStage<TopicConfig> createTopic(TopicConfig config) {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::createTopic,
        CreateTopicRequest.newBuilder().setTopic(WireFormat.toWire(config)).build(),
        WireFormat::fromWire);
  }

  public CompletionStage<Optional<TopicConfig>> describeTopic(String topic) {
    return calls
        .call(
            SwitchboardGrpc.SwitchboardStub::getTopic,
            GetTopicRequest.newBuilder().setName(topic).build(),
            t -> Optional.of(WireFormat.fromWire(t)))
        .exceptionallyAsync(
            failure -> {
              Throwable cause = unwrap(failure);
              if (cause instanceof SwitchboardException refused
                  && refused.code() == ErrorCode.UNKNOWN_TOPIC) {
                return Optional.empty();
              }
              throw cause instanceof RuntimeException unchecked
                  ? unchecked
                  : new CompletionException(cause);
            },
            executor);
  }

  public CompletionStage<List<TopicConfig>> listTopics() {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::listTopics,
        ListTopicsRequest.getDefaultInstance(),
        answer -> answer.getTopicsList().stream().map(WireFormat::fromWire).toList());
  }

  public CompletionStage<Done> deleteTopic(String topic) {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::deleteTopic,
        DeleteTopicRequest.newBuilder().setName(topic).build(),
        answer -> Done.getInstance());
  }

  public CompletionStage<TopicStats> stats(String topic) {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::getTopicStats,
        GetTopicStatsRequest.newBuilder().setName(topic).build(),
        WireFormat::fromWire);
  }

  public CompletionStage<Done> createGroup(String topic, String group, GroupConfig config) {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::createGroup,
        CreateGroupRequest.newBuilder().setGroup(WireFormat.toWire(topic, group, config)).build(),
        answer -> Done.getInstance());
  }

  public CompletionStage<Map<String, GroupConfig>> listGroups(String topic) {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::listGroups,
        ListGroupsRequest.newBuilder().setTopic(topic).build(),
        answer -> {
          Map<String, GroupConfig> groups = new TreeMap<>();
          answer.getGroupsList().forEach(g -> groups.put(g.getName(), WireFormat.fromWire(g)));
          return groups;
        });
  }

  public CompletionStage<Done> deleteGroup(String topic, String group) {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::deleteGroup,
        DeleteGroupRequest.newBuilder().setTopic(topic).setGroup(group).build(),
        answer -> Done.getInstance());
  }

  public CompletionStage<Done> addRoute(Route route) {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::addRoute,
        WireFormat.toWire(route),
        answer -> Done.getInstance());
  }

  public CompletionStage<Done> removeRoute(Route route) {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::removeRoute,
        WireFormat.toWire(route),
        answer -> Done.getInstance());
  }

  public CompletionStage<List<Route>> routes() {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::listRoutes,
        ListRoutesRequest.getDefaultInstance(),
        answer -> answer.getRoutesList().stream().map(WireFormat::fromWire).toList());
  }

  public CompletionStage<List<Message>> deadLetters(String topic, int limit) {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::listDeadLetters,
        ListDeadLettersRequest.newBuilder().setTopic(topic).setLimit(limit).build(),
        answer -> answer.getMessagesList().stream().map(WireFormat::fromWire).toList());
  }

  public CompletionStage<Integer> replayDeadLetters(String topic, int max) {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::replayDeadLetters,
        ReplayDeadLettersRequest.newBuilder().setTopic(topic).setMax(max).build(),
        answer -> answer.getReplayed());
  }

  public CompletionStage<List<String>> replayDeadLetters(String topic, Set<String> ids, int scan) {
    // the node looks among the oldest switchboard.grpc.max-batch: scan is the library's bound only
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::replayDeadLetters,
        ReplayDeadLettersRequest.newBuilder().setTopic(topic).addAllIds(ids).build(),
        answer -> ids.stream().filter(id -> !answer.getNotFoundList().contains(id)).toList());
  }

  public CompletionStage<Integer> purgeDeadLetters(String topic, int max) {
    return calls.call(
        SwitchboardGrpc.SwitchboardStub::purgeDeadLetters,
        PurgeDeadLettersRequest.newBuilder().setTopic(topic).setMax(max).build(),
        answer -> answer.getPurged());
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
