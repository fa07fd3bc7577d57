package io.switchboard.runtime.grpc;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.switchboard.protocol.v1.Ack;
import io.switchboard.protocol.v1.ConsumeRequest;
import io.switchboard.protocol.v1.ConsumeResponse;
import io.switchboard.protocol.v1.Delivery;
import io.switchboard.protocol.v1.Nack;
import io.switchboard.protocol.v1.Receipt;
import io.switchboard.protocol.v1.SetCredit;
import io.switchboard.protocol.v1.SettleResult;
import io.switchboard.protocol.v1.Subscribe;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** One Consume stream seen from the client: what arrived, and requests to send. */
final class ConsumeClient implements ClientResponseObserver<ConsumeRequest, ConsumeResponse> {
  final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  final List<SettleResult> settled = new CopyOnWriteArrayList<>();
  final CompletableFuture<String> subscribed = new CompletableFuture<>();
  final CompletableFuture<Throwable> ended = new CompletableFuture<>();
  private final boolean reads;
  private ClientCallStreamObserver<ConsumeRequest> requests;

  private ConsumeClient(boolean reads) {
    this.reads = reads;
  }

  /** Opens a stream and subscribes. */
  static ConsumeClient subscribe(
      SwitchboardGrpc.SwitchboardStub stub, String topic, String group, long credit) {
    return open(stub, true).send(subscribeRequest(topic, group, credit));
  }

  /**
   * Opens a stream that reads nothing after the first response: flow control must hold the node
   * back.
   */
  static ConsumeClient subscribeWithoutReading(
      SwitchboardGrpc.SwitchboardStub stub, String topic, String group, long credit) {
    return open(stub, false).send(subscribeRequest(topic, group, credit));
  }

  static ConsumeClient open(SwitchboardGrpc.SwitchboardStub stub, boolean reads) {
    ConsumeClient client = new ConsumeClient(reads);
    stub.consume(client);
    return client;
  }

  static ConsumeRequest subscribeRequest(String topic, String group, long credit) {
    return ConsumeRequest.newBuilder()
        .setSubscribe(
            Subscribe.newBuilder().setTopic(topic).setGroup(group).setCredit((int) credit))
        .build();
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ConsumeRequest> stream) {
    this.requests = stream;
    if (!reads) {
      stream.disableAutoRequestWithInitial(1);
    }
  }

  synchronized ConsumeClient send(ConsumeRequest request) {
    requests.onNext(request);
    return this;
  }

  ConsumeClient ack(long settleId, List<Receipt> receipts) {
    return send(
        ConsumeRequest.newBuilder()
            .setAck(Ack.newBuilder().setSettleId(settleId).addAllReceipts(receipts))
            .build());
  }

  ConsumeClient nack(long settleId, List<Receipt> receipts, long delayMillis) {
    return send(
        ConsumeRequest.newBuilder()
            .setNack(
                Nack.newBuilder()
                    .setSettleId(settleId)
                    .addAllReceipts(receipts)
                    .setDelayMillis(delayMillis))
            .build());
  }

  ConsumeClient setCredit(long credit) {
    return send(
        ConsumeRequest.newBuilder()
            .setSetCredit(SetCredit.newBuilder().setCredit((int) credit))
            .build());
  }

  /** Cancels the call, as a client that is killed does. */
  void cancel() {
    requests.cancel("client gone", null);
  }

  synchronized void complete() {
    requests.onCompleted();
  }

  /** Returns the result of the settle with this id, or null if none arrived yet. */
  SettleResult settleResult(long settleId) {
    return settled.stream().filter(r -> r.getSettleId() == settleId).findFirst().orElse(null);
  }

  @Override
  public void onNext(ConsumeResponse response) {
    switch (response.getEventCase()) {
      case SUBSCRIBED -> subscribed.complete(response.getSubscribed().getConsumerId());
      case DELIVERIES -> deliveries.addAll(response.getDeliveries().getDeliveriesList());
      case SETTLED -> settled.add(response.getSettled());
      default -> throw new IllegalStateException("unexpected " + response);
    }
  }

  @Override
  public void onError(Throwable failure) {
    subscribed.completeExceptionally(failure);
    ended.complete(failure);
  }

  @Override
  public void onCompleted() {
    ended.complete(null);
  }
}
