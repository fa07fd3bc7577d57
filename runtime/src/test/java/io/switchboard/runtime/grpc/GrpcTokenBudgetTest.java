package io.switchboard.runtime.grpc;

import static io.switchboard.runtime.grpc.GrpcNode.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.switchboard.protocol.v1.ConsumeRequest;
import io.switchboard.protocol.v1.Delivery;
import io.switchboard.protocol.v1.Message;
import io.switchboard.protocol.v1.PublishRequest;
import io.switchboard.protocol.v1.PublishResponse;
import io.switchboard.protocol.v1.Receipt;
import io.switchboard.protocol.v1.RequestCall;
import io.switchboard.protocol.v1.RequestToServe;
import io.switchboard.protocol.v1.Subscribe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A remote consumer's and worker's token_budget, over real gRPC: the partition never leases past
 * it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedGrpcNode.class)
class GrpcTokenBudgetTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long BUDGET = 1_000;
  private GrpcNode node;

  @BeforeAll
  void start(GrpcNode shared) {
    node = shared;
  }

  @Test
  void aConsumeStreamNeverHoldsMoreTokensThanItsBudget() {
    node.createTopic("budget", 1, "g");
    ConsumeClient client =
        ConsumeClient.open(node.async(), true)
            .send(
                ConsumeRequest.newBuilder()
                    .setSubscribe(subscribe("budget", 10).setTokenBudget(BUDGET))
                    .build());
    client.subscribed.orTimeout(30, TimeUnit.SECONDS).join();
    publish("budget", 10, 400);

    // credit 10 would take all ten; 400-token messages fit a 1,000 budget two at a time
    await().atMost(WAIT).until(() -> client.deliveries.size() == 2);
    await().atMost(WAIT).until(() -> node.groupStats("budget", "g").getInFlight() == 2);
    client.ack(1, List.of(bogusReceipt()));
    await().atMost(WAIT).until(() -> client.settleResult(1) != null);
    assertThat(client.deliveries).hasSize(2);

    client.ack(2, List.of(client.deliveries.get(0).getReceipt()));
    await().atMost(WAIT).until(() -> client.deliveries.size() == 3);
    await().atMost(WAIT).until(() -> client.settleResult(2) != null);
    assertThat(node.groupStats("budget", "g").getInFlight()).isEqualTo(2);
    assertThat(cost(client.deliveries.subList(1, 3).stream().map(Delivery::getMessage).toList()))
        .isLessThanOrEqualTo(BUDGET);
    client.complete();
  }

  @Test
  void aServeWorkerNeverHoldsMoreTokensThanItsBudget() {
    node.createTopic("pool", 1, "workers");
    ServeClient worker =
        ServeClient.subscribe(
            node.async(), subscribe("pool", 10).setGroup("workers").setTokenBudget(BUDGET).build());
    List<ReplyProbe<RequestCall>> callers =
        IntStream.range(0, 6)
            .mapToObj(i -> request("pool", "r-" + i, i % 2 == 0 ? 600 : 300))
            .toList();
    callers.forEach(caller -> caller.accepted.orTimeout(30, TimeUnit.SECONDS).join());

    int done = 0;
    while (done < callers.size()) {
      int seen = done;
      await().atMost(WAIT).until(() -> worker.requests.size() > seen);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  node.groupStats("pool", "workers").getInFlight()
                      == worker.requests.size() - seen);
      List<Message> held =
          worker.requests.subList(seen, worker.requests.size()).stream()
              .map(RequestToServe::getMessage)
              .toList();
      assertThat(held.size() == 1 || cost(held) <= BUDGET)
          .as("held %s tokens", cost(held))
          .isTrue();
      assertThat(held).hasSizeLessThan(4);
      RequestToServe oldest = worker.requests.get(done);
      assertThat(worker.complete(oldest.getMessage().getId(), "ok").hasError()).isFalse();
      done++;
    }
    callers.forEach(
        caller -> assertThat(caller.ended.orTimeout(30, TimeUnit.SECONDS).join()).isNull());
    worker.cancel();
  }

  @Test
  void refusesATokenBudgetThatIsNegativeOnTheWire() {
    node.createTopic("badbudget", 1, "g");
    ConsumeClient client =
        ConsumeClient.open(node.async(), true)
            .send(
                ConsumeRequest.newBuilder()
                    .setSubscribe(subscribe("badbudget", 1).setTokenBudget(-1))
                    .build());
    assertRefused(
        client.ended.orTimeout(30, TimeUnit.SECONDS).join(),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_ARGUMENT");
    ServeClient worker =
        ServeClient.subscribe(node.async(), subscribe("badbudget", 1).setTokenBudget(-1).build());
    assertRefused(
        worker.ended.orTimeout(30, TimeUnit.SECONDS).join(),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_ARGUMENT");
  }

  private static Subscribe.Builder subscribe(String topic, int credit) {
    return Subscribe.newBuilder().setTopic(topic).setGroup("g").setCredit(credit);
  }

  private static long cost(List<Message> messages) {
    return messages.stream()
        .mapToLong(m -> Long.parseLong(m.getHeadersOrDefault("switchboard-cost", "1")))
        .sum();
  }

  private ReplyProbe<RequestCall> request(String topic, String id, long cost) {
    ReplyProbe<RequestCall> caller = new ReplyProbe<>();
    node.async()
        .request(
            RequestCall.newBuilder()
                .setTimeoutMillis(60_000)
                .setMessage(
                    Message.newBuilder()
                        .setTopic(topic)
                        .setId(id)
                        .putHeaders("switchboard-cost", Long.toString(cost))
                        .setPayload(ByteString.copyFromUtf8("q")))
                .build(),
            caller);
    return caller;
  }

  private void publish(String topic, int count, long cost) {
    Message[] messages =
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    GrpcPublishTest.message(topic, "k" + i).toBuilder()
                        .putHeaders("switchboard-cost", Long.toString(cost))
                        .build())
            .toArray(Message[]::new);
    StreamProbe<PublishResponse> probe = new StreamProbe<>();
    StreamObserver<PublishRequest> stream = node.async().publish(probe);
    stream.onNext(GrpcPublishTest.request(1, messages));
    stream.onCompleted();
    assertThat(probe.ended.orTimeout(60, TimeUnit.SECONDS).join()).isNull();
  }

  private static Receipt bogusReceipt() {
    return Receipt.newBuilder().setPartition(0).setOffset(999_999).setAttempt(1).build();
  }
}
