package io.switchboard.runtime.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.switchboard.ErrorCode;
import io.switchboard.Switchboard;
import io.switchboard.SwitchboardException;
import io.switchboard.message.Names;
import io.switchboard.protocol.v1.CancelRequestRequest;
import io.switchboard.protocol.v1.CancelRequestResponse;
import io.switchboard.protocol.v1.ConsumeRequest;
import io.switchboard.protocol.v1.ConsumeResponse;
import io.switchboard.protocol.v1.CreateGroupRequest;
import io.switchboard.protocol.v1.CreateTopicRequest;
import io.switchboard.protocol.v1.DefinePoolRequest;
import io.switchboard.protocol.v1.DeleteGroupRequest;
import io.switchboard.protocol.v1.DeleteGroupResponse;
import io.switchboard.protocol.v1.DeletePoolRequest;
import io.switchboard.protocol.v1.DeletePoolResponse;
import io.switchboard.protocol.v1.DeleteTopicRequest;
import io.switchboard.protocol.v1.DeleteTopicResponse;
import io.switchboard.protocol.v1.GetPoolRequest;
import io.switchboard.protocol.v1.GetTopicRequest;
import io.switchboard.protocol.v1.GetTopicStatsRequest;
import io.switchboard.protocol.v1.Group;
import io.switchboard.protocol.v1.ListDeadLettersRequest;
import io.switchboard.protocol.v1.ListDeadLettersResponse;
import io.switchboard.protocol.v1.ListGroupsRequest;
import io.switchboard.protocol.v1.ListGroupsResponse;
import io.switchboard.protocol.v1.ListPoolsRequest;
import io.switchboard.protocol.v1.ListPoolsResponse;
import io.switchboard.protocol.v1.ListRoutesRequest;
import io.switchboard.protocol.v1.ListRoutesResponse;
import io.switchboard.protocol.v1.ListTopicsRequest;
import io.switchboard.protocol.v1.ListTopicsResponse;
import io.switchboard.protocol.v1.Pool;
import io.switchboard.protocol.v1.PublishRequest;
import io.switchboard.protocol.v1.PublishResponse;
import io.switchboard.protocol.v1.PurgeDeadLettersRequest;
import io.switchboard.protocol.v1.PurgeDeadLettersResponse;
import io.switchboard.protocol.v1.RemoveRouteResponse;
import io.switchboard.protocol.v1.ReplayDeadLettersRequest;
import io.switchboard.protocol.v1.ReplayDeadLettersResponse;
import io.switchboard.protocol.v1.RepliesRequest;
import io.switchboard.protocol.v1.ReplyEvent;
import io.switchboard.protocol.v1.RequestCall;
import io.switchboard.protocol.v1.Route;
import io.switchboard.protocol.v1.ServeRequest;
import io.switchboard.protocol.v1.ServeResponse;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import io.switchboard.protocol.v1.Topic;
import io.switchboard.protocol.v1.TopicStats;
import io.switchboard.runtime.auth.Principal;
import io.switchboard.runtime.gateway.PoolCatalog;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The switchboard.v1 service: the two streams, and the admin calls mapped one to one to the
 * library.
 */
final class SwitchboardService extends SwitchboardGrpc.SwitchboardImplBase {
  private final GrpcEdge edge;
  private final Switchboard switchboard;
  private final RequestCalls requestCalls;
  private final PoolCatalog pools;
  private final DeadLetterCalls deadLetters;

  SwitchboardService(GrpcEdge edge, PoolCatalog pools) {
    this.edge = edge;
    this.pools = pools;
    this.switchboard = edge.switchboard();
    this.requestCalls = new RequestCalls(edge);
    this.deadLetters = new DeadLetterCalls(edge);
  }

  @Override
  public StreamObserver<PublishRequest> publish(StreamObserver<PublishResponse> responses) {
    return new PublishStream(edge, (ServerCallStreamObserver<PublishResponse>) responses);
  }

  @Override
  public StreamObserver<ConsumeRequest> consume(StreamObserver<ConsumeResponse> responses) {
    return new ConsumeStream(edge, (ServerCallStreamObserver<ConsumeResponse>) responses);
  }

  @Override
  public void request(RequestCall call, StreamObserver<ReplyEvent> responses) {
    requestCalls.request(call, (ServerCallStreamObserver<ReplyEvent>) responses);
  }

  @Override
  public void replies(RepliesRequest call, StreamObserver<ReplyEvent> responses) {
    requestCalls.replies(call, (ServerCallStreamObserver<ReplyEvent>) responses);
  }

  @Override
  public void cancelRequest(
      CancelRequestRequest call, StreamObserver<CancelRequestResponse> answer) {
    unary(
        answer,
        () -> {
          return requestCalls
              .cancel(call)
              .thenApplyAsync(done -> CancelRequestResponse.getDefaultInstance(), edge.executor());
        });
  }

  @Override
  public StreamObserver<ServeRequest> serve(StreamObserver<ServeResponse> responses) {
    return new ServeStream(edge, (ServerCallStreamObserver<ServeResponse>) responses);
  }

  @Override
  public void createTopic(CreateTopicRequest request, StreamObserver<Topic> answer) {
    unary(
        answer,
        () ->
            switchboard
                .createTopic(ProtoTopics.toConfig(request.getTopic(), switchboard))
                .thenApplyAsync(ProtoTopics::toProto, edge.executor()));
  }

  @Override
  public void getTopic(GetTopicRequest request, StreamObserver<Topic> answer) {
    unary(
        answer,
        () ->
            switchboard
                .describeTopic(Names.requireTopic(request.getName()))
                .thenApplyAsync(
                    found ->
                        ProtoTopics.toProto(
                            found.orElseThrow(() -> unknownTopic(request.getName()))),
                    edge.executor()));
  }

  @Override
  public void listTopics(ListTopicsRequest request, StreamObserver<ListTopicsResponse> answer) {
    // read in the call's context: the stage completes on another thread
    Principal caller = AccessInterceptor.PRINCIPAL.get();
    unary(
        answer,
        () ->
            switchboard
                .listTopics()
                .thenApplyAsync(
                    topics ->
                        ListTopicsResponse.newBuilder()
                            .addAllTopics(
                                topics.stream()
                                    .filter(topic -> caller.sees(topic.name()))
                                    .map(ProtoTopics::toProto)
                                    .toList())
                            .build(),
                    edge.executor()));
  }

  @Override
  public void deleteTopic(DeleteTopicRequest request, StreamObserver<DeleteTopicResponse> answer) {
    unary(
        answer,
        () ->
            switchboard
                .deleteTopic(Names.requireTopic(request.getName()))
                .thenApplyAsync(done -> DeleteTopicResponse.getDefaultInstance(), edge.executor()));
  }

  @Override
  public void getTopicStats(GetTopicStatsRequest request, StreamObserver<TopicStats> answer) {
    unary(
        answer,
        () ->
            switchboard
                .stats(Names.requireTopic(request.getName()))
                .thenApplyAsync(ProtoTopics::toProto, edge.executor()));
  }

  @Override
  public void createGroup(CreateGroupRequest request, StreamObserver<Group> answer) {
    unary(
        answer,
        () -> {
          Group group = request.getGroup();
          var config = ProtoTopics.toConfig(group);
          return switchboard
              .createGroup(
                  Names.requireTopic(group.getTopic()), Names.requireGroup(group.getName()), config)
              .thenApplyAsync(
                  done -> ProtoTopics.toProto(group.getTopic(), group.getName(), config),
                  edge.executor());
        });
  }

  @Override
  public void listGroups(ListGroupsRequest request, StreamObserver<ListGroupsResponse> answer) {
    unary(
        answer,
        () ->
            switchboard
                .listGroups(Names.requireTopic(request.getTopic()))
                .thenApplyAsync(
                    groups ->
                        ListGroupsResponse.newBuilder()
                            .addAllGroups(
                                groups.entrySet().stream()
                                    .sorted(java.util.Map.Entry.comparingByKey())
                                    .map(
                                        group ->
                                            ProtoTopics.toProto(
                                                request.getTopic(),
                                                group.getKey(),
                                                group.getValue()))
                                    .toList())
                            .build(),
                    edge.executor()));
  }

  @Override
  public void deleteGroup(DeleteGroupRequest request, StreamObserver<DeleteGroupResponse> answer) {
    unary(
        answer,
        () ->
            switchboard
                .deleteGroup(
                    Names.requireTopic(request.getTopic()), Names.requireGroup(request.getGroup()))
                .thenApplyAsync(done -> DeleteGroupResponse.getDefaultInstance(), edge.executor()));
  }

  @Override
  public void addRoute(Route request, StreamObserver<Route> answer) {
    unary(
        answer,
        () ->
            switchboard.addRoute(route(request)).thenApplyAsync(done -> request, edge.executor()));
  }

  @Override
  public void removeRoute(Route request, StreamObserver<RemoveRouteResponse> answer) {
    unary(
        answer,
        () ->
            switchboard
                .removeRoute(route(request))
                .thenApplyAsync(done -> RemoveRouteResponse.getDefaultInstance(), edge.executor()));
  }

  @Override
  public void listRoutes(ListRoutesRequest request, StreamObserver<ListRoutesResponse> answer) {
    unary(
        answer,
        () ->
            switchboard
                .routes()
                .thenApplyAsync(
                    routes ->
                        ListRoutesResponse.newBuilder()
                            .addAllRoutes(
                                routes.stream()
                                    .sorted(Comparator.comparing(io.switchboard.routing.Route::id))
                                    .map(
                                        route ->
                                            Route.newBuilder()
                                                .setPattern(route.pattern())
                                                .setTopic(route.topic())
                                                .build())
                                    .toList())
                            .build(),
                    edge.executor()));
  }

  @Override
  public void listDeadLetters(
      ListDeadLettersRequest request, StreamObserver<ListDeadLettersResponse> answer) {
    unary(answer, () -> deadLetters.list(request));
  }

  @Override
  public void replayDeadLetters(
      ReplayDeadLettersRequest request, StreamObserver<ReplayDeadLettersResponse> answer) {
    unary(answer, () -> deadLetters.replay(request));
  }

  @Override
  public void purgeDeadLetters(
      PurgeDeadLettersRequest request, StreamObserver<PurgeDeadLettersResponse> answer) {
    unary(answer, () -> deadLetters.purge(request));
  }

  @Override
  public void definePool(DefinePoolRequest request, StreamObserver<Pool> answer) {
    unary(
        answer,
        () ->
            pools
                .define(request.getModel(), ProtoPools.definition(request.getDefinitionJson()))
                .thenApplyAsync(ProtoPools::toProto, edge.executor()));
  }

  @Override
  public void getPool(GetPoolRequest request, StreamObserver<Pool> answer) {
    unary(
        answer,
        () -> CompletableFuture.completedFuture(ProtoPools.toProto(pools.get(request.getModel()))));
  }

  @Override
  public void listPools(ListPoolsRequest request, StreamObserver<ListPoolsResponse> answer) {
    unary(
        answer,
        () ->
            CompletableFuture.completedFuture(
                ListPoolsResponse.newBuilder()
                    .addAllPools(pools.list().stream().map(ProtoPools::toProto).toList())
                    .build()));
  }

  @Override
  public void deletePool(DeletePoolRequest request, StreamObserver<DeletePoolResponse> answer) {
    unary(
        answer,
        () ->
            pools
                .delete(request.getModel())
                .thenApplyAsync(done -> DeletePoolResponse.getDefaultInstance(), edge.executor()));
  }

  /** Answers a unary call with the stage's value, or ends it with the status of its failure. */
  private <T> void unary(StreamObserver<T> answer, Supplier<CompletionStage<T>> call) {
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (RuntimeException refused) {
      stage = CompletableFuture.failedFuture(refused);
    }
    stage.whenCompleteAsync(
        (value, failure) -> {
          if (failure != null) {
            answer.onError(edge.errors().toStatus(failure));
          } else {
            answer.onNext(value);
            answer.onCompleted();
          }
        },
        edge.executor());
  }

  private static io.switchboard.routing.Route route(Route request) {
    return new io.switchboard.routing.Route(request.getPattern(), request.getTopic());
  }

  private static SwitchboardException unknownTopic(String name) {
    return new SwitchboardException(ErrorCode.UNKNOWN_TOPIC, "no topic named '" + name + "'");
  }
}
