package io.switchboard.runtime.grpc;

import io.grpc.StatusRuntimeException;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.switchboard.ErrorCode;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.protocol.v1.ConsumeRequest;
import io.switchboard.protocol.v1.ConsumeResponse;
import io.switchboard.protocol.v1.Deliveries;
import io.switchboard.protocol.v1.SetCredit;
import io.switchboard.protocol.v1.Subscribe;
import io.switchboard.protocol.v1.Subscribed;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;

/**
 * One Consume stream: a consumer of the library ({@code Switchboard.source}) bridged to the call.
 * Deliveries go to the client only while the call is ready and fewer than the stream's credit are
 * unsettled ({@link Unsettled}); the consumer leases {@code consume-prefetch-percent} more than the
 * credit, held ready here, which bounds what waits. Acks and nacks go through {@link
 * Settlements}. The stream ending in any way stops the consumer, so its unsettled deliveries go
 * back to the group at once.
 */
final class ConsumeStream implements StreamObserver<ConsumeRequest> {
  private final GrpcEdge edge;
  private final ResponseStream<ConsumeResponse> responses;
  private final Unsettled unsettled = new Unsettled();
  /** Pulled from the source but beyond the credit: sent once acks make room. */
  private final ArrayDeque<Delivery> held = new ArrayDeque<>();
  private Settlements settlements;
  private String topic;
  private String group;
  private SinkQueueWithCancel<List<Delivery>> queue;
  private ConsumerControl control;
  private long credit;
  private boolean pulling;
  private boolean stopped;

  ConsumeStream(GrpcEdge edge, ServerCallStreamObserver<ConsumeResponse> call) {
    this.edge = edge;
    this.responses = new ResponseStream<>(call, edge.settings().maxSettlesInFlight(), this::pump, this::stop);
    edge.consumers().add(this);
  }

  /** Ends the stream because the node stops: the client should consume from another node. */
  void nodeStopping() {
    responses.fail(GrpcErrors.status(Status.Code.UNAVAILABLE, GrpcErrors.error(ErrorCode.NOT_READY.name(),
        "the node is stopping: consume from another node", edge.settings().defaultRetryAfter())));
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
        default -> throw invalid("a ConsumeRequest holds one of subscribe, set_credit, ack or nack; got none"
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
   * The client sent its last request. gRPC hands over every request read before this, so each
   * ack and nack of the stream has been taken; those that went to the group (receipts of other
   * streams) are awaited, then the consumer stops and releases only what nobody settled.
   */
  @Override
  public void onCompleted() {
    Settlements taken;
    synchronized (this) {
      taken = settlements;
    }
    Runnable end = () -> {
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
        throw invalid("this stream already subscribed to '" + topic + "/" + group + "'; open another stream");
      }
      credit = checkedCredit(subscribe.getCredit(), "Subscribe");
      if (credit == 0) {
        throw invalid("Subscribe needs a credit of 1 to " + edge.settings().maxCredit()
            + " (switchboard.grpc.max-credit), got 0");
      }
      topic = subscribe.getTopic();
      group = subscribe.getGroup();
      settlements = new Settlements(edge, topic, group, unsettled, responses, this::pump);
    }
    ConsumerSettings settings = ConsumerSettings.defaults().withCredit(edge.settings().leasedFor(credit));
    if (!subscribe.getConsumerId().isEmpty()) {
      settings = settings.withConsumerId(subscribe.getConsumerId());
    }
    if (subscribe.getCapacity() != 0) {
      settings = settings.withCapacity(subscribe.getCapacity());
    }
    ConsumerSettings consumer = settings;
    responses.skip();
    GroupCheck.partitions(edge.switchboard(), topic, group).whenCompleteAsync((partitions, failure) -> {
      if (failure != null) {
        responses.fail(edge.errors().toStatus(failure));
      } else {
        start(consumer, partitions);
      }
    }, edge.executor());
  }

  private void start(ConsumerSettings consumer, int partitions) {
    Pair<ConsumerControl, SinkQueueWithCancel<List<Delivery>>> running = edge.switchboard()
        .source(topic, group, consumer)
        .batch(edge.settings().maxDeliveriesPerResponse(), ConsumeStream::first, ConsumeStream::add)
        .toMat(Sink.queue(), Keep.both())
        .run(edge.materializer());
    synchronized (this) {
      control = running.first();
      queue = running.second();
      if (stopped) {
        stopConsumer();
        return;
      }
    }
    responses.push(ConsumeResponse.newBuilder().setSubscribed(Subscribed.newBuilder()
        .setConsumerId(consumer.consumerId()).setPartitions(partitions)).build());
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

  /** Sends what the credit and the call allow, then pulls more from the source when there is room. */
  private void pump() {
    SinkQueueWithCancel<List<Delivery>> source;
    synchronized (this) {
      sendHeld();
      // The library bounds what is pulled (held + unsettled) by the leased credit: pull while
      // fewer than a credit's worth wait, so acks find deliveries ready on the node.
      if (queue == null || stopped || pulling || held.size() >= Math.max(1, credit)) {
        return;
      }
      pulling = true;
      source = queue;
    }
    source.pull().whenCompleteAsync(this::onPulled, edge.executor());
  }

  private void onPulled(Optional<List<Delivery>> batch, Throwable failure) {
    synchronized (this) {
      pulling = false;
      if (stopped) {
        // the stream ended while the pull waited; the consumer is leaving with what it holds
        return;
      }
      if (failure != null || batch.isEmpty()) {
        // the source ends when the group or its topic is deleted: say why, and end the stream
        responses.fail(failure != null ? edge.errors().toStatus(failure)
            : GrpcErrors.status(Status.Code.NOT_FOUND, GrpcErrors.error(ErrorCode.UNKNOWN_GROUP.name(),
                "the group's deliveries ended (group or topic deleted)", Duration.ZERO)));
        stopConsumer();
        return;
      }
      held.addAll(batch.get());
    }
    pump();
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
      throw invalid(request + " credit must be between " + (request.equals("Subscribe") ? 1 : 0) + " and "
          + edge.settings().maxCredit() + " (switchboard.grpc.max-credit), got " + value
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
      queue.cancel();
    }
  }

  private static List<Delivery> first(Delivery delivery) {
    List<Delivery> batch = new java.util.ArrayList<>();
    batch.add(delivery);
    return batch;
  }

  private static List<Delivery> add(List<Delivery> batch, Delivery delivery) {
    batch.add(delivery);
    return batch;
  }

  private static io.switchboard.SwitchboardException invalid(String message) {
    return new io.switchboard.SwitchboardException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
