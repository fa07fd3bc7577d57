package io.switchboard.runtime.auth;

import io.switchboard.protocol.v1.ConsumeRequest;
import io.switchboard.protocol.v1.CreateGroupRequest;
import io.switchboard.protocol.v1.CreateTopicRequest;
import io.switchboard.protocol.v1.DeleteGroupRequest;
import io.switchboard.protocol.v1.DeleteTopicRequest;
import io.switchboard.protocol.v1.GetTopicRequest;
import io.switchboard.protocol.v1.GetTopicStatsRequest;
import io.switchboard.protocol.v1.ListDeadLettersRequest;
import io.switchboard.protocol.v1.ListGroupsRequest;
import io.switchboard.protocol.v1.Message;
import io.switchboard.protocol.v1.PublishRequest;
import io.switchboard.protocol.v1.PurgeDeadLettersRequest;
import io.switchboard.protocol.v1.ReplayDeadLettersRequest;
import io.switchboard.protocol.v1.RequestCall;
import io.switchboard.protocol.v1.ServeRequest;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import io.switchboard.runtime.auth.AccessRule.Scope;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one authorization table of a node: every HTTP route (method and template, as {@code
 * RouteTemplate} names it) and every gRPC method, with the right it needs and where its topic is. A
 * route or method missing here is refused (deny by default); adding one is one line.
 */
public final class AccessTable {
  /**
   * Where an HTTP route's topic is: the {@code {topic}} segment of its path, or a field of its JSON
   * body.
   */
  public record HttpRow(AccessRule rule, Optional<String> bodyField) {}

  /**
   * A gRPC method's rule, and the topics one request message names ({@code ""}: wherever the router
   * sends it).
   */
  public record GrpcRow(AccessRule rule, Function<Object, List<String>> topics) {}

  private static final Map<String, HttpRow> HTTP = new LinkedHashMap<>();
  private static final Map<String, GrpcRow> GRPC = new LinkedHashMap<>();

  static {
    http("GET", "/v1/topics", AccessRule.principal());
    httpBody("POST", "/v1/topics", AccessRule.on(Right.ADMIN), "name");
    http("GET", "/v1/topics/{topic}", AccessRule.seeing());
    http("DELETE", "/v1/topics/{topic}", AccessRule.on(Right.ADMIN));
    http("GET", "/v1/topics/{topic}/groups", AccessRule.seeing());
    http("POST", "/v1/topics/{topic}/groups", AccessRule.on(Right.CONSUME));
    http("DELETE", "/v1/topics/{topic}/groups/{group}", AccessRule.on(Right.ADMIN));
    http("POST", "/v1/topics/{topic}/groups/{group}/pull", AccessRule.on(Right.CONSUME));
    http("POST", "/v1/topics/{topic}/groups/{group}/ack", AccessRule.on(Right.CONSUME));
    http("POST", "/v1/topics/{topic}/groups/{group}/nack", AccessRule.on(Right.CONSUME));
    http("GET", "/v1/topics/{topic}/groups/{group}/stream", AccessRule.on(Right.CONSUME));
    // a browse shows payloads as a pull would, without taking them: a consumer's right, or an
    // operator's (admin) who looks at a backing-up group without being one of its consumers
    http(
        "GET",
        "/v1/topics/{topic}/groups/{group}/backlog",
        new AccessRule(EnumSet.of(Right.CONSUME, Right.ADMIN), AccessRule.Scope.TOPIC));
    http("POST", "/v1/topics/{topic}/messages", AccessRule.on(Right.PRODUCE));
    http("GET", "/v1/topics/{topic}/dead-letters", AccessRule.on(Right.CONSUME));
    http("POST", "/v1/topics/{topic}/dead-letters/replay", AccessRule.on(Right.ADMIN));
    http("POST", "/v1/topics/{topic}/dead-letters/purge", AccessRule.on(Right.ADMIN));
    http("GET", "/v1/routes", AccessRule.everywhere(Right.ADMIN));
    http("POST", "/v1/routes", AccessRule.everywhere(Right.ADMIN));
    http("DELETE", "/v1/routes", AccessRule.everywhere(Right.ADMIN));
    http("POST", "/v1/publish", AccessRule.everywhere(Right.PRODUCE));
    // membership names nodes, no topic and no content: any known principal, as /metrics
    http("GET", "/v1/cluster/members", AccessRule.principal());
    // the simulator reads nothing of the fabric: its scenarios are for any known principal; a run
    // costs
    // the node CPU (bounded by switchboard.console.simulator), so it needs admin, as management
    // writes do
    http("GET", "/v1/simulator/scenarios", AccessRule.principal());
    http("POST", "/v1/simulator/runs", AccessRule.everywhere(Right.ADMIN));
    http("POST", "/v1/simulator/sweeps", AccessRule.everywhere(Right.ADMIN));
    http("POST", "/v1/topics/{topic}/requests", AccessRule.on(Right.PRODUCE));
    // a request id names no topic: the routes check produce on the request's own topic
    // (RequestAccess)
    // and answer a principal without it as they answer an unknown id
    http("GET", "/v1/requests/{id}/replies", AccessRule.principal());
    http("DELETE", "/v1/requests/{id}", AccessRule.principal());
    // the OpenAI gateway: the pool's topic comes from the body's model; the gateway checks produce
    // on it
    http("POST", "/v1/chat/completions", AccessRule.principal());
    http("POST", "/v1/completions", AccessRule.principal());
    http("POST", "/v1/embeddings", AccessRule.principal());
    http("GET", "/v1/models", AccessRule.principal());
    // the gateway's pools over the admin API: a pool names backends and their keys, as routes do
    http("GET", "/v1/pools", AccessRule.everywhere(Right.ADMIN));
    http("GET", "/v1/pools/{model}", AccessRule.everywhere(Right.ADMIN));
    http("PUT", "/v1/pools/{model}", AccessRule.everywhere(Right.ADMIN));
    http("DELETE", "/v1/pools/{model}", AccessRule.everywhere(Right.ADMIN));
    // metrics name topics and count messages but carry no content: any known principal (a scraper's
    // token)
    http("GET", "/metrics", AccessRule.principal());

    grpc(
        SwitchboardGrpc.getPublishMethod().getFullMethodName(),
        AccessRule.on(Right.PRODUCE),
        request ->
            ((PublishRequest) request)
                .getMessagesList().stream().map(Message::getTopic).distinct().toList());
    // a Consume stream names its topic once, in Subscribe; acks and credit follow on that stream
    grpc(
        SwitchboardGrpc.getConsumeMethod().getFullMethodName(),
        AccessRule.on(Right.CONSUME),
        request ->
            ((ConsumeRequest) request).hasSubscribe()
                ? List.of(((ConsumeRequest) request).getSubscribe().getTopic())
                : List.of());
    grpc(
        SwitchboardGrpc.getRequestMethod().getFullMethodName(),
        AccessRule.on(Right.PRODUCE),
        request -> List.of(((RequestCall) request).getMessage().getTopic()));
    // as the HTTP rows above: RequestCalls checks produce on the request's topic (RequestAccess)
    grpc(
        SwitchboardGrpc.getRepliesMethod().getFullMethodName(),
        AccessRule.principal(),
        r -> List.of());
    grpc(
        SwitchboardGrpc.getCancelRequestMethod().getFullMethodName(),
        AccessRule.principal(),
        r -> List.of());
    // a Serve stream names its topic once, in Subscribe, as Consume does
    grpc(
        SwitchboardGrpc.getServeMethod().getFullMethodName(),
        AccessRule.on(Right.CONSUME),
        request ->
            ((ServeRequest) request).hasSubscribe()
                ? List.of(((ServeRequest) request).getSubscribe().getTopic())
                : List.of());
    grpc(
        SwitchboardGrpc.getCreateTopicMethod().getFullMethodName(),
        AccessRule.on(Right.ADMIN),
        request -> List.of(((CreateTopicRequest) request).getTopic().getName()));
    grpc(
        SwitchboardGrpc.getGetTopicMethod().getFullMethodName(),
        AccessRule.seeing(),
        request -> List.of(((GetTopicRequest) request).getName()));
    grpc(
        SwitchboardGrpc.getListTopicsMethod().getFullMethodName(),
        AccessRule.principal(),
        request -> List.of());
    grpc(
        SwitchboardGrpc.getDeleteTopicMethod().getFullMethodName(),
        AccessRule.on(Right.ADMIN),
        request -> List.of(((DeleteTopicRequest) request).getName()));
    grpc(
        SwitchboardGrpc.getGetTopicStatsMethod().getFullMethodName(),
        AccessRule.seeing(),
        request -> List.of(((GetTopicStatsRequest) request).getName()));
    grpc(
        SwitchboardGrpc.getCreateGroupMethod().getFullMethodName(),
        AccessRule.on(Right.CONSUME),
        request -> List.of(((CreateGroupRequest) request).getGroup().getTopic()));
    grpc(
        SwitchboardGrpc.getListGroupsMethod().getFullMethodName(),
        AccessRule.seeing(),
        request -> List.of(((ListGroupsRequest) request).getTopic()));
    grpc(
        SwitchboardGrpc.getDeleteGroupMethod().getFullMethodName(),
        AccessRule.on(Right.ADMIN),
        request -> List.of(((DeleteGroupRequest) request).getTopic()));
    grpc(
        SwitchboardGrpc.getAddRouteMethod().getFullMethodName(),
        AccessRule.everywhere(Right.ADMIN),
        r -> List.of());
    grpc(
        SwitchboardGrpc.getRemoveRouteMethod().getFullMethodName(),
        AccessRule.everywhere(Right.ADMIN),
        r -> List.of());
    grpc(
        SwitchboardGrpc.getListRoutesMethod().getFullMethodName(),
        AccessRule.everywhere(Right.ADMIN),
        r -> List.of());
    // the gateway's pools, as /v1/pools: admin on every topic
    grpc(
        SwitchboardGrpc.getDefinePoolMethod().getFullMethodName(),
        AccessRule.everywhere(Right.ADMIN),
        r -> List.of());
    grpc(
        SwitchboardGrpc.getGetPoolMethod().getFullMethodName(),
        AccessRule.everywhere(Right.ADMIN),
        r -> List.of());
    grpc(
        SwitchboardGrpc.getListPoolsMethod().getFullMethodName(),
        AccessRule.everywhere(Right.ADMIN),
        r -> List.of());
    grpc(
        SwitchboardGrpc.getDeletePoolMethod().getFullMethodName(),
        AccessRule.everywhere(Right.ADMIN),
        r -> List.of());
    grpc(
        SwitchboardGrpc.getListDeadLettersMethod().getFullMethodName(),
        AccessRule.on(Right.CONSUME),
        request -> List.of(((ListDeadLettersRequest) request).getTopic()));
    grpc(
        SwitchboardGrpc.getReplayDeadLettersMethod().getFullMethodName(),
        AccessRule.on(Right.ADMIN),
        request -> List.of(((ReplayDeadLettersRequest) request).getTopic()));
    grpc(
        SwitchboardGrpc.getPurgeDeadLettersMethod().getFullMethodName(),
        AccessRule.on(Right.ADMIN),
        request -> List.of(((PurgeDeadLettersRequest) request).getTopic()));
  }

  private AccessTable() {}

  /** Returns the row of an HTTP route, or empty when the table has none (refuse it). */
  public static Optional<HttpRow> http(String method, String template) {
    return Optional.ofNullable(HTTP.get(method + " " + template));
  }

  /**
   * Returns the row of a gRPC method by its full name, or empty when the table has none (refuse
   * it).
   */
  public static Optional<GrpcRow> grpc(String fullMethodName) {
    return Optional.ofNullable(GRPC.get(fullMethodName));
  }

  /** Returns every HTTP row's key, {@code METHOD template}, in table order. */
  public static List<String> httpRoutes() {
    return List.copyOf(HTTP.keySet());
  }

  /** Returns every gRPC row's full method name. */
  public static List<String> grpcMethods() {
    return List.copyOf(GRPC.keySet());
  }

  private static void http(String method, String template, AccessRule rule) {
    requireTopicSegment(template, rule);
    HTTP.put(method + " " + template, new HttpRow(rule, Optional.empty()));
  }

  private static void httpBody(String method, String template, AccessRule rule, String field) {
    HTTP.put(method + " " + template, new HttpRow(rule, Optional.of(field)));
  }

  private static void grpc(String method, AccessRule rule, Function<Object, List<String>> topics) {
    GRPC.put(method, new GrpcRow(rule, topics));
  }

  private static void requireTopicSegment(String template, AccessRule rule) {
    if (rule.scope() == Scope.TOPIC && !template.contains("{topic}")) {
      throw new IllegalStateException(
          template + ": a per-topic rule needs {topic} in the path or a body field");
    }
  }
}
