package io.switchboard.runtime.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.switchboard.ErrorCode;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.DeliveryOutlet;
import io.switchboard.protocol.v1.ConsumeRequest;
import io.switchboard.protocol.v1.ConsumeResponse;
import io.switchboard.protocol.v1.Deliveries;
import io.switchboard.protocol.v1.SetCredit;
import io.switchboard.protocol.v1.Subscribe;
import io.switchboard.protocol.v1.Subscribed;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One Consume stream: a consumer of the library ({@code Switchboard.consume}) bridged to the call.
 * The consumer hands its deliveries over on its own thread, and they are sent from there while the
 * call is ready and fewer than the stream's credit are unsettled ({@link Unsettled}); the rest are
 * held and sent when the call is ready again or acks make room. The consumer leases {@code
 * consume-prefetch-percent} more than the credit, which bounds what is held. Acks and nacks go
 * through {@link Settlements}. The stream ending in any way stops the consumer, so its unsettled
 * deliveries go back to the group at once.
 */
final class ConsumeStream implements StreamObserver<ConsumeRequest> {
  private final GrpcEdge edge;
  private final ResponseStream<ConsumeResponse> responses;
  private final Unsettled unsettled = new Unsettled();

  /**
   * Handed over by the consumer but beyond the credit or the call's readiness: sent once there is
   * room.
   */
  private final ArrayDeque<Delivery> held = new ArrayDeque<>();

  private Settlements settlements;
  private String topic;
  private String group;
  private ConsumerControl control;
  private long credit;

  /** Set once the Subscribed response is queued: no delivery may go out before it. */
  private boolean started;

  private boolean stopped;

  ConsumeStream(GrpcEdge edge, ServerCallStreamObserver<ConsumeResponse> call) {
    this.edge = edge;
    this.responses =
        new ResponseStream<>(call, edge.settings().maxSettlesInFlight(), this::pump, this::stop);
    edge.consumers().add(this);
  }

  /** Ends the stream because the node stops: the client should consume from another node. */
  void nodeStopping() {
    responses.fail(
        GrpcErrors.status(
            Status.Code.UNAVAILABLE,
            GrpcErrors.error(
                ErrorCode.NOT_READY.name(),
                "the node is stopping: consume from another node",
                edge.settings().defaultRetryAfter())));
    stop();
  }

  @Override
  public void onNext(ConsumeRequest request) {
    responses.accepted();
    StatusRuntimeException refusal = RefusedRequests.take(request);
    if (refusal != null) {
      responses.fail(refusal);
      stop();
      return;
    }
    if (MalformedRequests.isMalformed(request)) {
      responses.fail(MalformedRequests.status());
      stop();
      return;
    }
    try {
      switch (request.getActionCase()) {
        case SUBSCRIBE -> subscribe(request.getSubscribe());
        case SET_CREDIT -> setCredit(request.getSetCredit());
        case ACK -> subscribed().ack(request.getAck());
        case NACK -> subscribed().nack(request.getNack());
        default ->
            throw invalid(
                "a ConsumeRequest holds one of subscribe, set_credit, ack or nack; got none"
                    + " (a field this node does not know?)");
      }
    } catch (RuntimeException refused) {
      responses.fail(edge.errors().toStatus(refused));
      stop();
    }
  }

  @Override
  public void onError(Throwable failure) {
    stop();
  }

  /**
   * The client sent its last request. gRPC hands over every request read before this, so each ack
   * and nack of the stream has been taken; those that went to the group (receipts of other streams)
   * are awaited, then the consumer stops and releases only what nobody settled.
   */
  @Override
  public void onCompleted() {
    Settlements taken;
    synchronized (this) {
      taken = settlements;
    }
    Runnable end =
        () -> {
          stop();
          responses.complete();
        };
    if (taken == null) {
      end.run();
    } else {
      taken.afterPending(end);
    }
  }

  private void subscribe(Subscribe subscribe) {
    synchronized (this) {
      if (topic != null) {
        throw invalid(
            "this stream already subscribed to '" + topic + "/" + group + "'; open another stream");
      }
      credit = checkedCredit(subscribe.getCredit(), "Subscribe");
      if (credit == 0) {
        throw invalid(
            "Subscribe needs a credit of 1 to "
                + edge.settings().maxCredit()
                + " (switchboard.grpc.max-credit), got 0");
      }
      SubscribeOptions.tokenBudget(subscribe);
      topic = subscribe.getTopic();
      group = subscribe.getGroup();
      settlements = new Settlements(edge, topic, group, unsettled, responses, this::pump);
    }
    ConsumerSettings consumer =
        SubscribeOptions.consumerSettings(subscribe, edge.settings().leasedFor(credit));
    responses.skip();
    GroupCheck.partitions(edge.switchboard(), topic, group)
        .whenCompleteAsync(
            (partitions, failure) -> {
              if (failure != null) {
                responses.fail(edge.errors().toStatus(failure));
              } else {
                start(consumer, partitions);
              }
            },
            edge.executor());
  }

  private void start(ConsumerSettings consumer, int partitions) {
    ConsumerControl running = edge.switchboard().consume(topic, group, consumer, new Outlet());
    synchronized (this) {
      control = running;
      if (stopped) {
        stopConsumer();
        return;
      }
      // under the lock: a delivery handed over meanwhile waits in held until this is queued
      responses.push(
          ConsumeResponse.newBuilder()
              .setSubscribed(
                  Subscribed.newBuilder()
                      .setConsumerId(consumer.consumerId())
                      .setPartitions(partitions))
              .build());
      started = true;
    }
    pump();
  }

  private void setCredit(SetCredit request) {
    long value = checkedCredit(request.getCredit(), "SetCredit");
    synchronized (this) {
      subscribed();
      credit = value;
    }
    responses.skip();
    pump();
  }

  /** Sends what the credit and the call allow. */
  private synchronized void pump() {
    if (started && !stopped) {
      sendHeld();
    }
  }

  /** The library consumer's side: called on its thread, one call at a time. */
  private final class Outlet implements DeliveryOutlet {
    @Override
    public boolean offer(Delivery delivery) {
      synchronized (ConsumeStream.this) {
        if (stopped) {
          return false;
        }
        held.add(delivery);
        return true;
      }
    }

    @Override
    public void endOfBatch() {
      pump();
    }

    @Override
    public void complete() {
      // the consumer stops only when this stream ends, unless its group went away without a reason
      ended(
          GrpcErrors.status(
              Status.Code.NOT_FOUND,
              GrpcErrors.error(
                  ErrorCode.UNKNOWN_GROUP.name(),
                  "the group's deliveries ended (group or topic deleted)",
                  Duration.ZERO)));
    }

    @Override
    public void fail(Throwable failure) {
      ended(edge.errors().toStatus(failure));
    }

    /** The deliveries ended while the stream is open: say why, and end the stream. */
    private void ended(io.grpc.StatusRuntimeException why) {
      synchronized (ConsumeStream.this) {
        if (stopped) {
          return;
        }
        responses.fail(why);
      }
      // stop(), not just the consumer: the node no longer counts the stream among its open ones
      stop();
    }
  }

  /**
   * Sends held deliveries within the credit, at most {@code max-deliveries-per-response} per
   * response, while the call takes them; holds the lock.
   */
  private void sendHeld() {
    int sent = 0;
    while (!held.isEmpty() && credit - unsettled.size() > 0 && responses.hasRoom()) {
      long room = Math.min(credit - unsettled.size(), edge.settings().maxDeliveriesPerResponse());
      Deliveries.Builder deliveries = Deliveries.newBuilder();
      for (long i = 0; i < room && !held.isEmpty(); i++) {
        Delivery delivery = held.poll();
        unsettled.add(delivery);
        deliveries.addDeliveries(ProtoMessages.toProto(delivery));
      }
      sent += deliveries.getDeliveriesCount();
      responses.push(ConsumeResponse.newBuilder().setDeliveries(deliveries).build());
    }
    edge.metrics().grpc("delivered", topic, group, sent);
  }

  private synchronized Settlements subscribed() {
    if (settlements == null) {
      throw invalid("the first ConsumeRequest of a stream must be a Subscribe");
    }
    return settlements;
  }

  private long checkedCredit(int wire, String request) {
    long value = Integer.toUnsignedLong(wire);
    if (value > edge.settings().maxCredit()) {
      throw invalid(
          request
              + " credit must be between "
              + (request.equals("Subscribe") ? 1 : 0)
              + " and "
              + edge.settings().maxCredit()
              + " (switchboard.grpc.max-credit), got "
              + value
              + (wire < 0 ? " (a negative number sent as uint32?)" : ""));
    }
    return value;
  }

  /** Stops the consumer once, whichever way the stream ended. */
  private void stop() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      stopConsumer();
    }
    edge.consumers().remove(this);
  }

  private void stopConsumer() {
    stopped = true;
    held.clear();
    if (control != null) {
      control.stop();
    }
  }

  private static io.switchboard.SwitchboardException invalid(String message) {
    return new io.switchboard.SwitchboardException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
