package io.switchboard.runtime.grpc;

import static io.switchboard.runtime.grpc.GrpcNode.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.switchboard.protocol.v1.GetTopicRequest;
import io.switchboard.protocol.v1.ListTopicsRequest;
import io.switchboard.protocol.v1.Message;
import io.switchboard.protocol.v1.PublishRequest;
import io.switchboard.protocol.v1.PublishResponse;
import io.switchboard.protocol.v1.PublishResult;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Publish over gRPC against a real node: confirms after storing, per-message refusals, bad frames.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcPublishTest {
  private GrpcNode node;

  @BeforeAll
  void start() {
    node =
        GrpcNode.start(
            "switchboard.grpc.max-batch = 50",
            "switchboard.limits.max-payload-bytes = 16 KiB",
            "switchboard.grpc.max-inbound-message-bytes = 1 MiB");
  }

  @AfterAll
  void stop() throws IOException {
    node.close();
  }

  @Test
  void confirmsEachMessageOnceStored() {
    node.createTopic("orders", 4, "billing");
    PublishResponse response =
        publish(request(7, message("orders", "a"), message("orders", "b"), message("orders", "c")))
            .get(0);

    assertThat(response.getFirstSequence()).isEqualTo(7);
    assertThat(response.getResultsList())
        .hasSize(3)
        .allSatisfy(
            result -> {
              assertThat(result.hasConfirm()).as(result.toString()).isTrue();
              assertThat(result.getConfirm().getTopic()).isEqualTo("orders");
              assertThat(result.getConfirm().getDuplicate()).isFalse();
            });
    assertThat(
            response.getResultsList().stream().map(r -> r.getConfirm().getMessageId()).distinct())
        .hasSize(3);
    // confirmed means stored: the group's backlog holds all three
    assertThat(node.groupStats("orders", "billing").getBacklog()).isEqualTo(3);
  }

  @Test
  void refusesBadMessagesOneByOneAndKeepsTheStream() {
    node.createTopic("mixed", 2, "g");
    Message oversize =
        message("mixed", "x").toBuilder()
            .setPayload(ByteString.copyFrom(new byte[16 * 1024 + 1]))
            .build();
    Message reservedHeader =
        message("mixed", "y").toBuilder().putHeaders("switchboard-attempt", "1").build();
    Message controlChar = message("mixed", "z").toBuilder().setKey("bad\u0000key").build();
    List<PublishResponse> responses =
        publish(
            request(
                1,
                message("mixed", "ok"),
                message("no-such-topic", "lost"),
                oversize,
                reservedHeader,
                controlChar),
            request(6, message("mixed", "after")));

    List<PublishResult> results = responses.get(0).getResultsList();
    assertThat(results.get(0).hasConfirm()).isTrue();
    assertThat(results.get(1).getError().getCode()).isEqualTo("UNKNOWN_TOPIC");
    assertThat(results.get(2).getError().getCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(results.get(3).getError().getCode()).isEqualTo("INVALID_MESSAGE");
    assertThat(results.get(3).getError().getMessage()).contains("reserved");
    assertThat(results.get(4).getError().getCode()).isEqualTo("INVALID_MESSAGE");
    assertThat(responses.get(1).getResults(0).hasConfirm()).as("the stream goes on").isTrue();
    assertThat(node.groupStats("mixed", "g").getBacklog()).isEqualTo(2);
  }

  @Test
  void refusesEveryMessageOfABatchOverTheLimit() {
    node.createTopic("batches", 1, "g");
    Message[] messages =
        IntStream.range(0, 51).mapToObj(i -> message("batches", "m" + i)).toArray(Message[]::new);
    PublishResponse response = publish(request(100, messages)).get(0);

    assertThat(response.getResultsList())
        .hasSize(51)
        .allSatisfy(
            result -> {
              assertThat(result.getError().getCode()).isEqualTo("INVALID_ARGUMENT");
              assertThat(result.getError().getMessage()).contains("switchboard.grpc.max-batch");
            });
    assertThat(node.groupStats("batches", "g").getBacklog()).isZero();
  }

  @Test
  void answersEveryPipelinedRequest() {
    node.createTopic("pipelined", 4, "g");
    PublishRequest[] requests =
        IntStream.range(0, 300)
            .mapToObj(
                i -> request(i * 10L, message("pipelined", "k" + i), message("pipelined", "j" + i)))
            .toArray(PublishRequest[]::new);
    List<PublishResponse> responses = publish(requests);

    Set<Long> sequences = new HashSet<>();
    responses.forEach(
        response -> {
          sequences.add(response.getFirstSequence());
          assertThat(response.getResultsList()).hasSize(2).allMatch(PublishResult::hasConfirm);
        });
    assertThat(sequences).hasSize(300);
    assertThat(node.groupStats("pipelined", "g").getBacklog()).isEqualTo(600);
  }

  @Test
  void deduplicatesARetryWithTheSameIdempotencyKey() {
    node.createTopic("retried", 2, "g");
    Message keyed = message("retried", "k").toBuilder().setIdempotencyKey("order-42").build();
    PublishResult first = publish(request(1, keyed)).get(0).getResults(0);
    PublishResult retry = publish(request(2, keyed)).get(0).getResults(0);

    assertThat(retry.getConfirm().getDuplicate()).isTrue();
    assertThat(retry.getConfirm().getOffset()).isEqualTo(first.getConfirm().getOffset());
    assertThat(node.groupStats("retried", "g").getBacklog()).isEqualTo(1);
  }

  @Test
  void refusesBytesThatAreNotProtobufAndStaysHealthy() throws Exception {
    // a field tag with wire type 7 (invalid) followed by garbage
    byte[] garbage = {(byte) 0x0f, (byte) 0xff, (byte) 0xff, 0x01, 0x02};
    for (MethodDescriptor<?, ?> method :
        List.of(
            SwitchboardGrpc.getPublishMethod(),
            SwitchboardGrpc.getConsumeMethod(),
            SwitchboardGrpc.getGetTopicMethod())) {
      Throwable failure = sendRaw(method.getFullMethodName(), method.getType(), garbage);
      assertRefused(failure, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
    }
    assertThat(node.blocking().listTopics(ListTopicsRequest.getDefaultInstance())).isNotNull();
  }

  @Test
  void refusesMessagesOverTheInboundLimit() {
    node.createTopic("huge", 1, "g");
    Message huge =
        message("huge", "h").toBuilder()
            .setPayload(ByteString.copyFrom(new byte[2 * 1024 * 1024]))
            .build();
    StreamProbe<PublishResponse> probe = new StreamProbe<>();
    StreamObserver<PublishRequest> requests = node.async().publish(probe);
    requests.onNext(request(1, huge));
    Throwable failure = probe.ended.orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(((io.grpc.StatusRuntimeException) failure).getStatus().getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(node.groupStats("huge", "g").getBacklog()).isZero();
  }

  @Test
  void answersAdminMistakesWithStableCodes() {
    Throwable unknown =
        catchThrowable(
            () -> node.blocking().getTopic(GetTopicRequest.newBuilder().setName("absent").build()));
    assertRefused(unknown, Status.Code.NOT_FOUND, "UNKNOWN_TOPIC");
    node.createTopic("twice", 1);
    assertRefused(
        catchThrowable(() -> node.createTopic("twice", 1)),
        Status.Code.ALREADY_EXISTS,
        "TOPIC_EXISTS");
    assertRefused(
        catchThrowable(() -> node.createTopic("bad name!", 1)),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_NAME");
    assertRefused(
        catchThrowable(() -> node.createTopic("zero", 5000)),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_ARGUMENT");
  }

  private static Throwable catchThrowable(Runnable call) {
    try {
      call.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** Sends {@code bytes} as the one request of a call, whatever the method expects. */
  private Throwable sendRaw(String method, MethodDescriptor.MethodType type, byte[] bytes) {
    MethodDescriptor<byte[], byte[]> raw =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setFullMethodName(method)
            .setType(type)
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();
    ManagedChannel channel = node.channel();
    try {
      ClientCall<byte[], byte[]> call =
          channel.newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
      CompletableFuture<Throwable> ended = new CompletableFuture<>();
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
              ended.complete(status.asRuntimeException(trailers));
            }
          },
          new Metadata());
      call.request(1);
      call.sendMessage(bytes);
      if (type == MethodDescriptor.MethodType.UNARY) {
        call.halfClose();
      }
      return ended.orTimeout(30, TimeUnit.SECONDS).join();
    } finally {
      channel.shutdownNow();
    }
  }

  /** Sends bytes as they are. */
  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** Publishes the requests on one stream and returns the responses once every one is answered. */
  private List<PublishResponse> publish(PublishRequest... requests) {
    StreamProbe<PublishResponse> probe = new StreamProbe<>();
    StreamObserver<PublishRequest> stream = node.async().publish(probe);
    for (PublishRequest request : requests) {
      stream.onNext(request);
    }
    stream.onCompleted();
    assertThat(probe.ended.orTimeout(60, TimeUnit.SECONDS).join()).isNull();
    await().atMost(Duration.ofSeconds(5)).until(() -> probe.received.size() == requests.length);
    return probe.received.stream()
        .sorted(java.util.Comparator.comparingLong(PublishResponse::getFirstSequence))
        .toList();
  }

  static PublishRequest request(long firstSequence, Message... messages) {
    return PublishRequest.newBuilder()
        .setFirstSequence(firstSequence)
        .addAllMessages(List.of(messages))
        .build();
  }

  static Message message(String topic, String key) {
    return Message.newBuilder()
        .setTopic(topic)
        .setKey(key)
        .setType("test")
        .setPayload(ByteString.copyFrom(key, StandardCharsets.UTF_8))
        .build();
  }
}
