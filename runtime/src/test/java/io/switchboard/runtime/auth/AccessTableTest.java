package io.switchboard.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.MethodDescriptor;
import io.switchboard.protocol.v1.ConsumeRequest;
import io.switchboard.protocol.v1.Message;
import io.switchboard.protocol.v1.PublishRequest;
import io.switchboard.protocol.v1.Subscribe;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import io.switchboard.runtime.http.RouteTemplate;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The table covers every route and method, and nothing else: a new one cannot slip in unmapped. */
class AccessTableTest {
  private static final Principal PRODUCER =
      new Principal("p", "t", List.of(Grant.parse("produce:chat.*")));

  @Test
  void listsEveryHttpRouteOfTheNode() {
    assertThat(AccessTable.httpRoutes())
        .containsExactlyInAnyOrder(
            "GET /v1/topics",
            "POST /v1/topics",
            "GET /v1/topics/{topic}",
            "DELETE /v1/topics/{topic}",
            "GET /v1/topics/{topic}/groups",
            "POST /v1/topics/{topic}/groups",
            "DELETE /v1/topics/{topic}/groups/{group}",
            "POST /v1/topics/{topic}/groups/{group}/pull",
            "POST /v1/topics/{topic}/groups/{group}/ack",
            "POST /v1/topics/{topic}/groups/{group}/nack",
            "GET /v1/topics/{topic}/groups/{group}/stream",
            "GET /v1/topics/{topic}/groups/{group}/backlog",
            "POST /v1/topics/{topic}/messages",
            "GET /v1/topics/{topic}/dead-letters",
            "POST /v1/topics/{topic}/dead-letters/replay",
            "POST /v1/topics/{topic}/dead-letters/purge",
            "GET /v1/routes",
            "POST /v1/routes",
            "DELETE /v1/routes",
            "POST /v1/publish",
            "GET /metrics",
            "GET /v1/cluster/members",
            "GET /v1/simulator/scenarios",
            "POST /v1/simulator/runs",
            "POST /v1/simulator/sweeps",
            "POST /v1/topics/{topic}/requests",
            "GET /v1/requests/{id}/replies",
            "DELETE /v1/requests/{id}",
            "POST /v1/chat/completions",
            "POST /v1/completions",
            "POST /v1/embeddings",
            "GET /v1/models",
            "GET /v1/pools",
            "GET /v1/pools/{model}",
            "PUT /v1/pools/{model}",
            "DELETE /v1/pools/{model}");
  }

  @Test
  void everyEndpointTemplateHasARowAndEveryRowAnEndpoint() {
    List<String> guarded =
        RouteTemplate.templates().stream().filter(t -> !t.startsWith("/health/")).toList();
    List<String> mapped =
        AccessTable.httpRoutes().stream()
            .map(row -> row.substring(row.indexOf(' ') + 1))
            .distinct()
            .toList();
    assertThat(mapped).containsExactlyInAnyOrderElementsOf(guarded);
  }

  @Test
  void listsEveryGrpcMethodOfTheService() {
    List<String> methods =
        SwitchboardGrpc.getServiceDescriptor().getMethods().stream()
            .map(MethodDescriptor::getFullMethodName)
            .collect(Collectors.toList());
    assertThat(AccessTable.grpcMethods()).containsExactlyInAnyOrderElementsOf(methods);
  }

  @Test
  void refusesAnUnknownRouteOrMethod() {
    assertThat(AccessTable.http("PUT", "/v1/topics")).isEmpty();
    assertThat(AccessTable.http("GET", "other")).isEmpty();
    assertThat(AccessTable.grpc("switchboard.v1.Switchboard/Nope")).isEmpty();
  }

  @Test
  void publishNeedsProduceOnEveryTopicOfTheBatch() {
    AccessTable.GrpcRow publish =
        AccessTable.grpc(SwitchboardGrpc.getPublishMethod().getFullMethodName()).orElseThrow();
    PublishRequest allowed =
        PublishRequest.newBuilder()
            .addMessages(Message.newBuilder().setTopic("chat.a"))
            .addMessages(Message.newBuilder().setTopic("chat.b"))
            .build();
    PublishRequest mixed =
        allowed.toBuilder().addMessages(Message.newBuilder().setTopic("billing")).build();
    PublishRequest routed =
        PublishRequest.newBuilder().addMessages(Message.newBuilder().setTopic("")).build();

    assertThat(publish.rule().refusal(PRODUCER, publish.topics().apply(allowed))).isNull();
    assertThat(publish.rule().refusal(PRODUCER, publish.topics().apply(mixed)))
        .isEqualTo("'p' lacks the produce right on topic 'billing'");
    assertThat(publish.rule().refusal(PRODUCER, publish.topics().apply(routed)))
        .contains("on every topic");
  }

  @Test
  void consumeIsCheckedOnSubscribe() {
    AccessTable.GrpcRow consume =
        AccessTable.grpc(SwitchboardGrpc.getConsumeMethod().getFullMethodName()).orElseThrow();
    ConsumeRequest subscribe =
        ConsumeRequest.newBuilder().setSubscribe(Subscribe.newBuilder().setTopic("chat.a")).build();

    assertThat(consume.rule().refusal(PRODUCER, consume.topics().apply(subscribe)))
        .isEqualTo("'p' lacks the consume right on topic 'chat.a'");
  }

  @Test
  void simulatorRunsNeedAdminEverywhereAndItsScenariosAnyPrincipal() {
    AccessRule run = AccessTable.http("POST", "/v1/simulator/runs").orElseThrow().rule();
    AccessRule list = AccessTable.http("GET", "/v1/simulator/scenarios").orElseThrow().rule();

    assertThat(run.refusal(PRODUCER, List.of()))
        .isEqualTo("'p' lacks the admin right on every topic (a grant on *)");
    assertThat(run.refusal(new Principal("a", "t", List.of(Grant.parse("admin:*"))), List.of()))
        .isNull();
    assertThat(list.refusal(PRODUCER, List.of())).isNull();
  }

  @Test
  void seeingATopicNeedsAnyRightOnIt() {
    AccessRule seeing = AccessRule.seeing();

    assertThat(seeing.refusal(PRODUCER, List.of("chat.x"))).isNull();
    assertThat(seeing.refusal(PRODUCER, List.of("secret")))
        .isEqualTo("'p' lacks any right on topic 'secret'");
  }
}
