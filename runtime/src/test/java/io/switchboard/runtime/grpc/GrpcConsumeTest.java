package io.switchboard.runtime.grpc;

import static io.switchboard.runtime.grpc.GrpcNode.assertRefused;
import static io.switchboard.runtime.grpc.GrpcPublishTest.message;
import static io.switchboard.runtime.grpc.GrpcPublishTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.switchboard.protocol.v1.Delivery;
import io.switchboard.protocol.v1.Message;
import io.switchboard.protocol.v1.PublishRequest;
import io.switchboard.protocol.v1.PublishResponse;
import io.switchboard.protocol.v1.Receipt;
import io.switchboard.protocol.v1.SettleResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Consume over gRPC against a real node: credit, acks and nacks, receipts, bad credit, cancelled
 * streams.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcConsumeTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private GrpcNode node;

  @BeforeAll
  void start() {
    // holdsBackAClientThatStopsReading leases 2,000 x 16 KiB unsettled: the partition keeps the
    // bodies of unsettled messages in memory, so its budget must hold them all (8 MiB holds ~500)
    node =
        GrpcNode.start(
            "switchboard.limits.max-payload-bytes = 16 KiB",
            "switchboard.grpc.max-inbound-message-bytes = 1 MiB",
            "switchboard.partition.memory-budget = 64 MiB");
  }

  @AfterAll
  void stop() throws IOException {
    node.close();
  }

  @Test
  void neverHoldsMoreUnsettledThanTheCredit() {
    node.createTopic("credit", 4, "g");
    publish("credit", 40);
    ConsumeClient client = ConsumeClient.subscribe(node.async(), "credit", "g", 3);

    await().atMost(WAIT).until(() -> client.deliveries.size() == 3);
    // the stream leases its credit plus consume-prefetch-percent (100%: 6) on each of the 4
    // partitions, held ready on the node; only 3 may reach the client
    await().atMost(WAIT).until(() -> node.groupStats("credit", "g").getInFlight() == 24);
    client.ack(1, List.of(bogusReceipt()));
    await().atMost(WAIT).until(() -> client.settleResult(1) != null);
    assertThat(client.deliveries).hasSize(3);

    client.ack(0, receipts(client.deliveries));
    await().atMost(WAIT).until(() -> client.deliveries.size() == 6);
    client.ack(2, List.of(bogusReceipt()));
    await().atMost(WAIT).until(() -> client.settleResult(2) != null);
    assertThat(client.deliveries).hasSize(6);
    client.complete();
  }

  @Test
  void redeliversANackedMessageWithTheNextAttempt() {
    node.createTopic("nacks", 1, "g");
    publish("nacks", 1);
    ConsumeClient client = ConsumeClient.subscribe(node.async(), "nacks", "g", 5);
    await().atMost(WAIT).until(() -> client.deliveries.size() == 1);
    Delivery first = client.deliveries.get(0);
    assertThat(first.getAttempt()).isEqualTo(1);

    client.nack(1, List.of(first.getReceipt()), 0);
    await().atMost(WAIT).until(() -> client.deliveries.size() == 2);
    Delivery second = client.deliveries.get(1);
    assertThat(second.getAttempt()).isEqualTo(2);
    assertThat(second.getMessage().getId()).isEqualTo(first.getMessage().getId());
    assertThat(client.settleResult(1).getAccepted()).isEqualTo(1);

    client.ack(2, List.of(second.getReceipt()));
    await().atMost(WAIT).until(() -> client.settleResult(2) != null);
    assertThat(client.settleResult(2).getAccepted()).isEqualTo(1);
    await().atMost(WAIT).until(() -> node.groupStats("nacks", "g").getAcked() == 1);
    assertThat(node.groupStats("nacks", "g").getRedelivered()).isEqualTo(1);
    client.complete();
  }

  @Test
  void rejectsReceiptsOfAnotherGroupAndStaleOnesWithoutEndingTheStream() {
    node.createTopic("receipts", 1, "a", "b");
    publish("receipts", 1);
    ConsumeClient a = ConsumeClient.subscribe(node.async(), "receipts", "a", 5);
    ConsumeClient b = ConsumeClient.subscribe(node.async(), "receipts", "b", 5);
    await().atMost(WAIT).until(() -> a.deliveries.size() == 1 && b.deliveries.size() == 1);

    b.ack(5, List.of(a.deliveries.get(0).getReceipt()));
    b.ack(6, List.of(b.deliveries.get(0).getReceipt()));
    b.ack(7, List.of(b.deliveries.get(0).getReceipt()));
    await().atMost(WAIT).until(() -> b.settled.size() == 3);

    SettleResult foreign = b.settleResult(5);
    assertThat(foreign.getAccepted()).isZero();
    assertThat(foreign.getRejected(0).getError().getCode()).isEqualTo("INVALID_RECEIPT");
    assertThat(b.settleResult(6).getAccepted()).isEqualTo(1);
    assertThat(b.settleResult(7).getRejected(0).getError().getCode()).isEqualTo("STALE_RECEIPT");
    assertThat(b.ended).isNotDone();
    // group a's delivery is untouched by b's attempt
    assertThat(node.groupStats("receipts", "a").getInFlight()).isEqualTo(1);
    a.complete();
    b.complete();
  }

  @Test
  void refusesCreditOfZeroNegativeOrAbsurd() {
    node.createTopic("credits", 1, "g");
    for (long credit : List.of(0L, -1L, 10_001L, 4_000_000_000L)) {
      ConsumeClient client = ConsumeClient.subscribe(node.async(), "credits", "g", credit);
      Throwable failure = client.ended.orTimeout(30, TimeUnit.SECONDS).join();
      assertThat(
              assertRefused(failure, Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT").getMessage())
          .contains("switchboard.grpc.max-credit");
    }
    ConsumeClient client = ConsumeClient.subscribe(node.async(), "credits", "g", 1);
    client.subscribed.orTimeout(30, TimeUnit.SECONDS).join();
    client.setCredit(-5);
    assertRefused(
        client.ended.orTimeout(30, TimeUnit.SECONDS).join(),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_ARGUMENT");
  }

  @Test
  void pausesAtCreditZeroAndResumes() {
    node.createTopic("paused", 1, "g");
    ConsumeClient client = ConsumeClient.subscribe(node.async(), "paused", "g", 5);
    client.subscribed.orTimeout(30, TimeUnit.SECONDS).join();
    client.setCredit(0);
    client.ack(1, List.of(bogusReceipt()));
    await().atMost(WAIT).until(() -> client.settleResult(1) != null);
    publish("paused", 3);
    await().atMost(WAIT).until(() -> node.groupStats("paused", "g").getInFlight() == 3);
    client.ack(2, List.of(bogusReceipt()));
    await().atMost(WAIT).until(() -> client.settleResult(2) != null);
    assertThat(client.deliveries).isEmpty();

    client.setCredit(2);
    await().atMost(WAIT).until(() -> client.deliveries.size() == 2);
    client.complete();
  }

  @Test
  void refusesAStreamThatDoesNotStartWithAValidSubscribe() {
    node.createTopic("subscribing", 1, "g");
    ConsumeClient ackFirst = ConsumeClient.open(node.async(), true).ack(1, List.of(bogusReceipt()));
    assertRefused(
        ackFirst.ended.orTimeout(30, TimeUnit.SECONDS).join(),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_ARGUMENT");
    ConsumeClient noGroup = ConsumeClient.subscribe(node.async(), "subscribing", "nobody", 1);
    assertRefused(
        noGroup.ended.orTimeout(30, TimeUnit.SECONDS).join(),
        Status.Code.NOT_FOUND,
        "UNKNOWN_GROUP");
    ConsumeClient noTopic = ConsumeClient.subscribe(node.async(), "absent", "g", 1);
    assertRefused(
        noTopic.ended.orTimeout(30, TimeUnit.SECONDS).join(),
        Status.Code.NOT_FOUND,
        "UNKNOWN_TOPIC");
    ConsumeClient twice =
        ConsumeClient.subscribe(node.async(), "subscribing", "g", 1)
            .send(ConsumeClient.subscribeRequest("subscribing", "g", 1));
    assertRefused(
        twice.ended.orTimeout(30, TimeUnit.SECONDS).join(),
        Status.Code.INVALID_ARGUMENT,
        "INVALID_ARGUMENT");
  }

  @Test
  void givesTheDeliveriesOfACancelledStreamBackAtOnce() {
    node.createTopic("killed", 1, "g");
    publish("killed", 3);
    ConsumeClient killed = ConsumeClient.subscribe(node.async(), "killed", "g", 10);
    await().atMost(WAIT).until(() -> killed.deliveries.size() == 3);
    killed.cancel();

    ConsumeClient next = ConsumeClient.subscribe(node.async(), "killed", "g", 10);
    // well before the 30 s ack lease: the leaving consumer returned them
    await().atMost(Duration.ofSeconds(10)).until(() -> next.deliveries.size() == 3);
    assertThat(next.deliveries)
        .allSatisfy(delivery -> assertThat(delivery.getAttempt()).isEqualTo(2));
    next.complete();
  }

  @Test
  void holdsBackAClientThatStopsReading() {
    node.createTopic("slow", 1, "g");
    int messages = 2_000;
    publishLarge("slow", messages, 16 * 1024);
    ConsumeClient reader = ConsumeClient.subscribeWithoutReading(node.async(), "slow", "g", 10_000);

    // the library hands every message to the stream's consumer; HTTP/2 flow control stops the rest
    await().atMost(WAIT).until(() -> node.groupStats("slow", "g").getInFlight() == messages);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> node.counter("switchboard_grpc_delivered_total", "slow", "g") < messages / 2.0);
    double written = node.counter("switchboard_grpc_delivered_total", "slow", "g");
    System.out.printf(
        "client not reading: %d leased, %.0f written to the stream (%.1f MiB), heap used %d MiB%n",
        messages, written, written * 16 / 1024, heapUsedMiB());

    reader.cancel();
    await().atMost(WAIT).until(() -> node.groupStats("slow", "g").getInFlight() == 0);
  }

  @Test
  void servesAThousandIdleStreams() {
    node.createTopic("idle", 1, "g");
    long before = heapUsedMiB();
    List<ConsumeClient> clients =
        IntStream.range(0, 1_000)
            .mapToObj(i -> ConsumeClient.subscribe(node.async(), "idle", "g", 1))
            .toList();
    clients.forEach(client -> client.subscribed.orTimeout(60, TimeUnit.SECONDS).join());
    await().atMost(WAIT).until(() -> node.groupStats("idle", "g").getConsumers() == 1_000);
    long with = heapUsedMiB();

    publish("idle", 1);
    await()
        .atMost(WAIT)
        .until(() -> clients.stream().mapToInt(c -> c.deliveries.size()).sum() == 1);
    System.out.printf(
        "1000 idle Consume streams: heap used %d MiB before, %d MiB with them%n", before, with);

    clients.forEach(ConsumeClient::cancel);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> node.groupStats("idle", "g").getConsumers() == 0);
  }

  private static long heapUsedMiB() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return (runtime.totalMemory() - runtime.freeMemory()) >> 20;
  }

  private void publish(String topic, int count) {
    Message[] messages =
        IntStream.range(0, count).mapToObj(i -> message(topic, "k" + i)).toArray(Message[]::new);
    awaitConfirms(List.of(request(1, messages)));
  }

  private void publishLarge(String topic, int count, int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    List<PublishRequest> requests =
        IntStream.range(0, count / 50)
            .mapToObj(
                batch ->
                    request(
                        batch * 50L,
                        IntStream.range(0, 50)
                            .mapToObj(
                                i ->
                                    message(topic, "k" + i).toBuilder()
                                        .setPayload(
                                            com.google.protobuf.ByteString.copyFrom(payload))
                                        .build())
                            .toArray(Message[]::new)))
            .toList();
    awaitConfirms(requests);
  }

  private void awaitConfirms(List<PublishRequest> requests) {
    StreamProbe<PublishResponse> probe = new StreamProbe<>();
    StreamObserver<PublishRequest> stream = node.async().publish(probe);
    requests.forEach(stream::onNext);
    stream.onCompleted();
    assertThat(probe.ended.orTimeout(60, TimeUnit.SECONDS).join()).isNull();
    assertThat(probe.received)
        .hasSize(requests.size())
        .allSatisfy(
            response -> assertThat(response.getResultsList()).allMatch(r -> r.hasConfirm()));
  }

  private static Receipt bogusReceipt() {
    return Receipt.newBuilder().setPartition(0).setOffset(999_999).setAttempt(1).build();
  }

  private static List<Receipt> receipts(List<Delivery> deliveries) {
    return deliveries.stream().map(Delivery::getReceipt).toList();
  }
}
