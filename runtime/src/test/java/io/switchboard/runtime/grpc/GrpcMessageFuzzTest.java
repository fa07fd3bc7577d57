package io.switchboard.runtime.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.switchboard.protocol.v1.CreateGroupRequest;
import io.switchboard.protocol.v1.CreateTopicRequest;
import io.switchboard.protocol.v1.GetTopicRequest;
import io.switchboard.protocol.v1.GetTopicStatsRequest;
import io.switchboard.protocol.v1.Group;
import io.switchboard.protocol.v1.ListTopicsRequest;
import io.switchboard.protocol.v1.PublishRequest;
import io.switchboard.protocol.v1.RequestCall;
import io.switchboard.protocol.v1.Route;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import io.switchboard.protocol.v1.Topic;
import io.switchboard.runtime.fuzz.Corpus;
import io.switchboard.runtime.fuzz.Mutations;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutated protobuf bytes (corpus {@code fuzz/grpc.txt}) sent with a raw {@link ClientCall} and a
 * bytes marshaller to the unary, server-streaming and bidirectional methods of a real node: every
 * call ends OK or with a client-error status ({@code INVALID_ARGUMENT}, {@code NOT_FOUND}, ...),
 * never {@code INTERNAL}/{@code UNKNOWN}, never a hang; afterwards the node still answers. Tries:
 * {@code -Dfuzz.tries=N}, seed {@code -Dfuzz.seed=S} ({@link Mutations}).
 */
class GrpcMessageFuzzTest {
  private static final Set<Status.Code> CLIENT_ERRORS =
      Set.of(
          Status.Code.OK,
          Status.Code.INVALID_ARGUMENT,
          Status.Code.NOT_FOUND,
          Status.Code.ALREADY_EXISTS,
          Status.Code.FAILED_PRECONDITION,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.OUT_OF_RANGE);
  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
  private static GrpcNode node;
  private static ManagedChannel channel;

  @BeforeAll
  static void startNode() {
    node = GrpcNode.start("");
    node.createTopic("fz", 2, "g");
    node.createTopic("fzr", 1);
    channel = node.channel();
  }

  @AfterAll
  static void stopNode() throws IOException {
    try {
      assertThat(node.blocking().listTopics(ListTopicsRequest.getDefaultInstance()).getTopicsList())
          .as("the node answers after the fuzz")
          .isNotEmpty();
    } finally {
      channel.shutdownNow();
      node.close();
    }
  }

  @Test
  void everyCallEndsOkOrWithAClientError() {
    Map<Status.Code, Integer> statuses = new TreeMap<>();
    Mutations.forAll(calls(), Call::toString, call -> check(call, statuses));
    System.out.println("GrpcMessageFuzzTest statuses: " + statuses);
  }

  private void check(Call call, Map<Status.Code, Integer> statuses) throws Exception {
    MethodDescriptor<?, ?> typed = method(call.method());
    MethodDescriptor<byte[], byte[]> raw =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(typed.getType())
            .setFullMethodName(typed.getFullMethodName())
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();
    // a request no worker serves ends at its own deadline: that end is documented, not a hang;
    // the corpus asks for 200 ms, so a second is the deadline of a mutated one (each costs it)
    boolean request = call.method().equals("Request");
    ClientCall<byte[], byte[]> clientCall =
        channel.newCall(
            raw, CallOptions.DEFAULT.withDeadlineAfter(request ? 1 : 20, TimeUnit.SECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    clientCall.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    clientCall.request(Integer.MAX_VALUE);
    clientCall.sendMessage(call.bytes());
    clientCall.halfClose();
    Status status = closed.get(30, TimeUnit.SECONDS);
    statuses.merge(status.getCode(), 1, Integer::sum);

    if (request && status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return;
    }
    assertThat(status.getCode()).as("%s -> %s", call, status).isIn(CLIENT_ERRORS);
  }

  /** A method drawn uniformly, then one of its corpus entries, mutated. */
  private static List<Call> calls() {
    Map<String, List<byte[]>> byMethod = new LinkedHashMap<>();
    for (String line : Corpus.lines("grpc.txt")) {
      String[] parts = line.split(" ", 2);
      byMethod
          .computeIfAbsent(parts[0], m -> new ArrayList<>())
          .add(Base64.getDecoder().decode(parts[1]));
    }
    List<String> methods = List.copyOf(byMethod.keySet());
    SplittableRandom random = Mutations.random();
    List<Call> out = new ArrayList<>();
    for (int i = 0; i < Mutations.tries(); i++) {
      String method = methods.get(random.nextInt(methods.size()));
      out.add(new Call(method, Mutations.mutate(byMethod.get(method), random)));
    }
    return out;
  }

  private static MethodDescriptor<?, ?> method(String name) {
    ServiceDescriptor service = SwitchboardGrpc.getServiceDescriptor();
    return service.getMethods().stream()
        .filter(m -> m.getBareMethodName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** Bytes for one request message of {@code method}. */
  record Call(String method, byte[] bytes) {
    @Override
    public String toString() {
      return method + " " + Base64.getEncoder().encodeToString(bytes);
    }
  }

  /** Rewrites the corpus from valid requests: {@code -Dfuzz.writeCorpus=<resources dir>/fuzz}. */
  @Test
  void writesTheCorpusWhenAsked() throws Exception {
    String dir = System.getProperty("fuzz.writeCorpus");
    if (dir == null) {
      return;
    }
    io.switchboard.protocol.v1.Message message =
        io.switchboard.protocol.v1.Message.newBuilder()
            .setTopic("fz")
            .setKey("user-42")
            .setType("chat.request")
            .putHeaders("trace", "abc")
            .setPayload(ByteString.copyFromUtf8("{\"text\":\"hello\"}"))
            .setContentType("application/json")
            .setIdempotencyKey("turn-981")
            .build();
    Map<String, Message> valid = new LinkedHashMap<>();
    valid.put(
        "Publish",
        PublishRequest.newBuilder()
            .setFirstSequence(1)
            .addMessages(message)
            .addMessages(
                message.toBuilder()
                    .clearIdempotencyKey()
                    .setPayload(ByteString.copyFrom(new byte[64])))
            .build());
    valid.put(
        "Publish ",
        PublishRequest.newBuilder()
            .addMessages(message.toBuilder().clearTopic().setType("fz.a"))
            .build());
    valid.put(
        "Request",
        RequestCall.newBuilder()
            .setMessage(message.toBuilder().setTopic("fzr"))
            .setTimeoutMillis(200)
            .build());
    valid.put(
        "CreateTopic",
        CreateTopicRequest.newBuilder()
            .setTopic(
                Topic.newBuilder()
                    .setName("fz-new")
                    .setPartitions(1)
                    .setDurable(true)
                    .setMaxAttempts(5)
                    .setAckLeaseMillis(30000)
                    .setBacklogLimit(1000)
                    .setRetentionMillis(0)
                    .setIdempotencyWindowMillis(120000))
            .build());
    valid.put("GetTopic", GetTopicRequest.newBuilder().setName("fz").build());
    valid.put("GetTopicStats", GetTopicStatsRequest.newBuilder().setName("fz").build());
    valid.put(
        "CreateGroup",
        CreateGroupRequest.newBuilder()
            .setGroup(
                Group.newBuilder()
                    .setTopic("fz")
                    .setName("g2")
                    .setBalancing("round-robin")
                    .setStartFrom("earliest"))
            .build());
    valid.put("AddRoute", Route.newBuilder().setPattern("fz.*").setTopic("fz").build());
    valid.put("RemoveRoute", Route.newBuilder().setPattern("fz.none").setTopic("fz").build());
    List<String> lines =
        new ArrayList<>(
            List.of(
                "# protobuf requests: <method> <base64>; GrpcMessageFuzzTest#writesTheCorpusWhenAsked"));
    valid.forEach(
        (method, value) ->
            lines.add(
                method.trim() + " " + Base64.getEncoder().encodeToString(value.toByteArray())));
    Files.write(Path.of(dir, "grpc.txt"), lines);
  }
}
