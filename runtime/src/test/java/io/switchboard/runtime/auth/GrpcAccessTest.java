package io.switchboard.runtime.auth;

import static io.switchboard.runtime.auth.SecuredNode.GROUP;
import static io.switchboard.runtime.auth.SecuredNode.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.switchboard.client.ClientSettings;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.message.Message;
import io.switchboard.protocol.v1.CancelRequestRequest;
import io.switchboard.protocol.v1.ConsumeRequest;
import io.switchboard.protocol.v1.CreateGroupRequest;
import io.switchboard.protocol.v1.CreateTopicRequest;
import io.switchboard.protocol.v1.DeleteGroupRequest;
import io.switchboard.protocol.v1.DeleteTopicRequest;
import io.switchboard.protocol.v1.GetTopicRequest;
import io.switchboard.protocol.v1.GetTopicStatsRequest;
import io.switchboard.protocol.v1.Group;
import io.switchboard.protocol.v1.ListDeadLettersRequest;
import io.switchboard.protocol.v1.ListGroupsRequest;
import io.switchboard.protocol.v1.ListRoutesRequest;
import io.switchboard.protocol.v1.ListTopicsRequest;
import io.switchboard.protocol.v1.PublishRequest;
import io.switchboard.protocol.v1.PurgeDeadLettersRequest;
import io.switchboard.protocol.v1.ReplayDeadLettersRequest;
import io.switchboard.protocol.v1.RepliesRequest;
import io.switchboard.protocol.v1.RequestCall;
import io.switchboard.protocol.v1.Route;
import io.switchboard.protocol.v1.ServeRequest;
import io.switchboard.protocol.v1.Subscribe;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import io.switchboard.protocol.v1.Topic;
import io.switchboard.runtime.bench.BenchResult;
import io.switchboard.runtime.bench.BenchRun;
import io.switchboard.runtime.bench.BenchSettings;
import io.switchboard.runtime.bench.BenchTarget;
import io.switchboard.runtime.bench.GrpcBenchTarget;
import io.switchboard.runtime.bench.HttpBenchTarget;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every gRPC method on a real node with authentication: anonymous, bad token, expired JWT,
 * UNAUTHENTICATED; lacking the right, PERMISSION_DENIED; the state an admin sees unchanged.
 */
class GrpcAccessTest {
  /** A request per method that would change the state (or show it) if it got through. */
  private static final Map<MethodDescriptor<?, ?>, com.google.protobuf.Message> REQUESTS =
      new LinkedHashMap<>();

  static {
    REQUESTS.put(
        SwitchboardGrpc.getPublishMethod(),
        PublishRequest.newBuilder()
            .addMessages(
                io.switchboard.protocol.v1.Message.newBuilder()
                    .setTopic(TOPIC)
                    .setPayload(ByteString.copyFromUtf8("x")))
            .build());
    REQUESTS.put(
        SwitchboardGrpc.getConsumeMethod(),
        ConsumeRequest.newBuilder()
            .setSubscribe(Subscribe.newBuilder().setTopic(TOPIC).setGroup(GROUP).setCredit(10))
            .build());
    REQUESTS.put(
        SwitchboardGrpc.getRequestMethod(),
        RequestCall.newBuilder()
            .setMessage(
                io.switchboard.protocol.v1.Message.newBuilder()
                    .setTopic(TOPIC)
                    .setPayload(ByteString.copyFromUtf8("x")))
            .build());
    REQUESTS.put(
        SwitchboardGrpc.getRepliesMethod(),
        RepliesRequest.newBuilder().setRequestId("01HZZZZZZZZZZZZZZZZZZZZZZZ").build());
    REQUESTS.put(
        SwitchboardGrpc.getCancelRequestMethod(),
        CancelRequestRequest.newBuilder().setRequestId("01HZZZZZZZZZZZZZZZZZZZZZZZ").build());
    REQUESTS.put(
        SwitchboardGrpc.getServeMethod(),
        ServeRequest.newBuilder()
            .setSubscribe(Subscribe.newBuilder().setTopic(TOPIC).setGroup(GROUP).setCredit(10))
            .build());
    REQUESTS.put(
        SwitchboardGrpc.getCreateTopicMethod(),
        CreateTopicRequest.newBuilder().setTopic(Topic.newBuilder().setName("orders-2")).build());
    REQUESTS.put(
        SwitchboardGrpc.getGetTopicMethod(), GetTopicRequest.newBuilder().setName(TOPIC).build());
    REQUESTS.put(SwitchboardGrpc.getListTopicsMethod(), ListTopicsRequest.getDefaultInstance());
    REQUESTS.put(
        SwitchboardGrpc.getDeleteTopicMethod(),
        DeleteTopicRequest.newBuilder().setName(TOPIC).build());
    REQUESTS.put(
        SwitchboardGrpc.getGetTopicStatsMethod(),
        GetTopicStatsRequest.newBuilder().setName(TOPIC).build());
    REQUESTS.put(
        SwitchboardGrpc.getCreateGroupMethod(),
        CreateGroupRequest.newBuilder()
            .setGroup(Group.newBuilder().setTopic(TOPIC).setName("g2"))
            .build());
    REQUESTS.put(
        SwitchboardGrpc.getListGroupsMethod(),
        ListGroupsRequest.newBuilder().setTopic(TOPIC).build());
    REQUESTS.put(
        SwitchboardGrpc.getDeleteGroupMethod(),
        DeleteGroupRequest.newBuilder().setTopic(TOPIC).setGroup(GROUP).build());
    REQUESTS.put(
        SwitchboardGrpc.getAddRouteMethod(),
        Route.newBuilder().setPattern("sneak.*").setTopic(TOPIC).build());
    REQUESTS.put(
        SwitchboardGrpc.getRemoveRouteMethod(),
        Route.newBuilder().setPattern("orders.*").setTopic(TOPIC).build());
    REQUESTS.put(SwitchboardGrpc.getListRoutesMethod(), ListRoutesRequest.getDefaultInstance());
    REQUESTS.put(
        SwitchboardGrpc.getDefinePoolMethod(),
        io.switchboard.protocol.v1.DefinePoolRequest.newBuilder()
            .setModel("sneaked")
            .setDefinitionJson("{\"backends\":[{\"url\":\"http://127.0.0.1:9/v1\"}]}")
            .build());
    REQUESTS.put(
        SwitchboardGrpc.getGetPoolMethod(),
        io.switchboard.protocol.v1.GetPoolRequest.newBuilder().setModel("m").build());
    REQUESTS.put(
        SwitchboardGrpc.getListPoolsMethod(),
        io.switchboard.protocol.v1.ListPoolsRequest.getDefaultInstance());
    REQUESTS.put(
        SwitchboardGrpc.getDeletePoolMethod(),
        io.switchboard.protocol.v1.DeletePoolRequest.newBuilder().setModel("m").build());
    REQUESTS.put(
        SwitchboardGrpc.getListDeadLettersMethod(),
        ListDeadLettersRequest.newBuilder().setTopic(TOPIC).build());
    REQUESTS.put(
        SwitchboardGrpc.getReplayDeadLettersMethod(),
        ReplayDeadLettersRequest.newBuilder().setTopic(TOPIC).build());
    REQUESTS.put(
        SwitchboardGrpc.getPurgeDeadLettersMethod(),
        PurgeDeadLettersRequest.newBuilder().setTopic(TOPIC).build());
  }

  private static SecuredNode node;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() {
    node = new SecuredNode();
    node.seed();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow();
    node.close();
  }

  @Test
  void theWalkCoversEveryMethodOfTheService() {
    assertThat(REQUESTS.keySet().stream().map(MethodDescriptor::getFullMethodName).toList())
        .containsExactlyInAnyOrderElementsOf(AccessTable.grpcMethods());
  }

  @Test
  void everyMethodRefusesCallersWithoutCredentialsOrTheRightAndChangesNothing() {
    List<String> before = node.state();
    Map<String, String> callers = new LinkedHashMap<>();
    callers.put("anonymous", null);
    callers.put("bad token", "sb.admin.notTheSecret");
    callers.put("expired JWT", node.expiredJwt());
    for (Map.Entry<MethodDescriptor<?, ?>, com.google.protobuf.Message> request :
        REQUESTS.entrySet()) {
      for (Map.Entry<String, String> caller : callers.entrySet()) {
        assertRefused(
            call(request.getKey(), request.getValue(), caller.getValue()),
            caller.getKey() + " " + request.getKey().getBareMethodName(),
            Status.Code.UNAUTHENTICATED);
      }
      if (AccessTable.grpc(request.getKey().getFullMethodName()).orElseThrow().rule().scope()
          != AccessRule.Scope.PRINCIPAL) {
        assertRefused(
            call(request.getKey(), request.getValue(), node.token("outsider")),
            "outsider " + request.getKey().getBareMethodName(),
            Status.Code.PERMISSION_DENIED);
      }
    }
    assertThat(node.state()).isEqualTo(before);
  }

  @Test
  void theJavaClientSendsItsToken() throws Exception {
    var system = node.node().system();
    ClientSettings settings =
        ClientSettings.fromSystem(system).withTarget("127.0.0.1", node.grpcPort());
    try (SwitchboardClient producer =
            SwitchboardClient.connect(system, settings.withToken(node.token("producer")));
        SwitchboardClient anonymous = SwitchboardClient.connect(system, settings)) {
      var confirm =
          producer
              .publish(Message.builder(TOPIC).payload("from the client".getBytes()).build())
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      assertThat(confirm.topic()).isEqualTo(TOPIC);
      assertThatThrownBy(
              () -> anonymous.listTopics().toCompletableFuture().get(30, TimeUnit.SECONDS))
          .hasMessageContaining("UNAUTHENTICATED");
      assertThat(producer.listTopics().toCompletableFuture().get(30, TimeUnit.SECONDS))
          .extracting(topic -> topic.name())
          .containsExactly(TOPIC);
    }
  }

  @Test
  void theBenchRunsAgainstASecuredNodeWithAToken() throws Exception {
    String admin = node.token("admin");
    Map<String, BenchTarget> targets = new LinkedHashMap<>();
    targets.put("http", new HttpBenchTarget(node.http("/"), admin));
    targets.put("grpc", new GrpcBenchTarget("127.0.0.1", node.grpcPort(), 10, admin));
    for (Map.Entry<String, BenchTarget> target : targets.entrySet()) {
      try (BenchTarget bench = target.getValue()) {
        BenchResult result =
            new BenchRun(
                    new BenchSettings(
                        "bench-auth-" + target.getKey(),
                        256,
                        100,
                        true,
                        1,
                        1,
                        1,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(20),
                        50),
                    bench,
                    new PrintStream(OutputStream.nullOutputStream()))
                .run();
        assertThat(result.confirmed()).as(target.getKey()).isPositive();
        assertThat(result.errors()).as(target.getKey()).isZero();
      }
    }
  }

  @Test
  void thePythonClientSendsItsToken(@TempDir Path dir) throws Exception {
    Path examples = Path.of("../docs/examples/python").toAbsolutePath().normalize();
    Path stubs = dir.resolve("python-stubs");
    assertThat(
            run(
                examples,
                Map.of(),
                "sh",
                examples.resolve("generate_stubs.sh").toString(),
                stubs.toString()))
        .contains("stubs in");
    String target = "127.0.0.1:" + node.grpcPort();

    String allowed =
        run(
            examples,
            Map.of(
                "SWITCHBOARD_STUBS", stubs.toString(), "SWITCHBOARD_TOKEN", node.token("producer")),
            "/usr/bin/python3",
            "publish.py",
            target,
            TOPIC,
            "5",
            "5",
            "16");
    String anonymous =
        run(
            examples,
            Map.of("SWITCHBOARD_STUBS", stubs.toString()),
            "/usr/bin/python3",
            "publish.py",
            target,
            TOPIC,
            "1");
    String lacking =
        run(
            examples,
            Map.of(
                "SWITCHBOARD_STUBS", stubs.toString(), "SWITCHBOARD_TOKEN", node.token("outsider")),
            "/usr/bin/python3",
            "publish.py",
            target,
            TOPIC,
            "1");

    assertThat(allowed).contains("published 5 confirmed 5");
    assertThat(anonymous).doesNotContain("confirmed 1").contains("UNAUTHENTICATED");
    assertThat(lacking).doesNotContain("confirmed 1").contains("PERMISSION_DENIED");
  }

  /** Runs a command in {@code directory} with {@code environment} added; returns its output. */
  private static String run(Path directory, Map<String, String> environment, String... command)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Path log = Files.createTempFile("python-client", ".log");
    Process process = builder.redirectOutput(log.toFile()).start();
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS))
          .as("%s finished", List.of(command))
          .isTrue();
      return Files.readString(log);
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static void assertRefused(Throwable failure, String what, Status.Code expected) {
    assertThat(failure).as(what).isInstanceOf(StatusRuntimeException.class);
    StatusRuntimeException refused = (StatusRuntimeException) failure;
    assertThat(refused.getStatus().getCode()).as(what + ": " + refused).isEqualTo(expected);
    String code = expected == Status.Code.UNAUTHENTICATED ? "UNAUTHENTICATED" : "PERMISSION_DENIED";
    assertThat(refused.getStatus().getDescription()).as(what).startsWith(code + ": ");
  }

  /**
   * Makes one call (a stream: one request, then waits for its end) and returns its failure, or
   * null.
   */
  @SuppressWarnings("unchecked")
  private static <Q, R> Throwable call(
      MethodDescriptor<Q, R> method, com.google.protobuf.Message request, String token) {
    Channel target = channel;
    if (token != null) {
      Metadata bearer = new Metadata();
      bearer.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
      target =
          ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(bearer));
    }
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS);
    if (method.getType() == MethodDescriptor.MethodType.UNARY) {
      try {
        ClientCalls.blockingUnaryCall(target, method, options, (Q) request);
        return null;
      } catch (StatusRuntimeException e) {
        return e;
      }
    }
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    StreamObserver<R> answers =
        new StreamObserver<R>() {
          @Override
          public void onNext(R value) {}

          @Override
          public void onError(Throwable failure) {
            ended.complete(failure);
          }

          @Override
          public void onCompleted() {
            ended.complete(null);
          }
        };
    if (method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
      ClientCalls.asyncServerStreamingCall(target.newCall(method, options), (Q) request, answers);
    } else {
      ClientCalls.asyncBidiStreamingCall(target.newCall(method, options), answers)
          .onNext((Q) request);
    }
    return ended.orTimeout(30, TimeUnit.SECONDS).join();
  }
}
