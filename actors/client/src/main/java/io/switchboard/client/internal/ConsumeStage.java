package io.switchboard.client.internal;

import io.grpc.stub.ClientCallStreamObserver;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.client.ClientSettings;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.ReceivedDelivery;
import io.switchboard.consumer.Settlement;
import io.switchboard.protocol.v1.ConsumeRequest;
import io.switchboard.protocol.v1.ConsumeResponse;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.GraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import scala.Tuple2;

/**
 * One consumer over a Consume stream, as a {@link org.apache.pekko.stream.javadsl.Source}. The node
 * sends no more than the credit of unsettled deliveries, so the stage's buffer holds at most that
 * many; acks and nacks are gathered for {@code settle-delay} or {@code settle-batch} and written
 * while the stream is ready. A broken stream is opened again after a backoff (the node redelivers
 * what the broken one held, so the stage drops those it had not emitted); a refusal (unknown topic
 * or group, bad credit) fails the source, and a stream the node ends completes it.
 */
public final class ConsumeStage
    extends GraphStageWithMaterializedValue<SourceShape<Delivery>, ConsumerControl> {
  private static final String SETTLE = "settle";
  private static final String RECONNECT = "reconnect";
  private static final String CLOSING = "closing";
  private static final String GRACE = "grace";

  private final Outlet<Delivery> out = Outlet.create("ConsumeStage.out");
  private final SourceShape<Delivery> shape = SourceShape.of(out);
  private final SwitchboardGrpc.SwitchboardStub stub;
  private final ClientSettings client;
  private final String topic;
  private final String group;
  private final ConsumerSettings consumer;
  private final BooleanSupplier clientClosed;

  public ConsumeStage(
      SwitchboardGrpc.SwitchboardStub stub,
      ClientSettings client,
      String topic,
      String group,
      ConsumerSettings consumer,
      BooleanSupplier clientClosed) {
    this.stub = stub;
    this.client = client;
    this.topic = topic;
    this.group = group;
    this.consumer = consumer;
    this.clientClosed = clientClosed;
  }

  @Override
  public SourceShape<Delivery> shape() {
    return shape;
  }

  @Override
  public Tuple2<GraphStageLogic, ConsumerControl> createLogicAndMaterializedValue(
      Attributes attributes) {
    Logic logic = new Logic();
    return Tuple2.apply(logic, logic::stop);
  }

  private final class Logic extends TimerGraphStageLogic {
    private ClientCallStreamObserver<ConsumeRequest> requests;

    /** Numbers the streams this consumer opened: events of a replaced one are ignored. */
    private int generation;

    /**
     * Settle ids sent on this stream and not answered: a stop waits for them before it ends the
     * stream.
     */
    private final java.util.Set<Long> unanswered = new java.util.HashSet<>();

    private long nextSettleId = 1;

    /** Deliveries emitted downstream whose ack or nack has not reached the stage yet. */
    private long emittedUnsettled;

    /** Stopping: no more deliveries go downstream; acks still may come (see {@link #finish()}). */
    private boolean closing;

    /** Stopping, past the grace: the last acks are sent, the stream ends once they are answered. */
    private boolean leaving;

    private final ArrayDeque<Delivery> buffer = new ArrayDeque<>();
    private final ArrayDeque<ConsumeRequest> outbox = new ArrayDeque<>();
    private final SettleBatch batch = new SettleBatch();
    private final Backoff backoff =
        new Backoff(client.reconnectMinBackoff(), client.reconnectMaxBackoff());
    private final CompletableFuture<Done> stopped = new CompletableFuture<>();
    private final AsyncCallback<ConsumeCall.Event> onEvent = createAsyncCallback(this::onEvent);
    private final AsyncCallback<Integer> onReady =
        createAsyncCallback(
            gen -> {
              if (gen == generation) {
                drain();
              }
            });
    // Settles wait here, not in callback messages, so that a stop right after an ack (take(n) then
    // cancel, on the same thread) still sends it; one wake-up callback is in flight at a time.
    private final ConcurrentLinkedQueue<Settlement> settles = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeUpSent = new AtomicBoolean();
    private final AsyncCallback<Done> onSettles = createAsyncCallback(done -> takeSettles());
    private final AsyncCallback<Done> onStop = createAsyncCallback(done -> finish());

    Logic() {
      super(shape);
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              if (!buffer.isEmpty()) {
                emit();
              }
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              finish();
            }
          });
    }

    CompletableFuture<Done> stop() {
      onStop.invoke(Done.getInstance());
      return stopped;
    }

    @Override
    public void preStart() {
      open();
    }

    @Override
    public void postStop() {
      if (requests != null) {
        requests.cancel("consumer stopped", null);
      }
      stopped.complete(Done.getInstance());
    }

    private void open() {
      int gen = ++generation;
      outbox.clear();
      outbox.add(ConsumeCall.subscribe(topic, group, consumer));
      requests =
          (ClientCallStreamObserver<ConsumeRequest>)
              stub.consume(new ConsumeCall(gen, onEvent::invoke, onReady::invoke));
      // a failure reported during consume() arrives later, as an event of this generation
      drain();
    }

    private void onEvent(ConsumeCall.Event event) {
      if (event.gen() != generation) {
        return; // from a stream already replaced
      }
      if (event.response() != null) {
        onResponse(event.response());
      } else if (event.ended()) {
        requests = null;
        completeStage();
      } else {
        onBroken(event.failure());
      }
    }

    private void onResponse(ConsumeResponse response) {
      switch (response.getEventCase()) {
        case SUBSCRIBED -> backoff.reset();
        case DELIVERIES -> {
          for (var wire : response.getDeliveries().getDeliveriesList()) {
            buffer.add(
                new ReceivedDelivery(
                    WireFormat.fromWire(wire.getMessage()),
                    group,
                    WireFormat.fromWire(wire.getReceipt()),
                    this::settle));
          }
          if (!closing && isAvailable(out) && !buffer.isEmpty()) {
            emit();
          }
        }
        case SETTLED -> {
          // Rejected receipts (a lease ended, a stream broke) come back as redeliveries: nothing to
          // do.
          unanswered.remove(response.getSettled().getSettleId());
          if (leaving && unanswered.isEmpty()) {
            endStream();
            return;
          }
        }
        default -> {}
      }
      requests.request(1);
    }

    private void onBroken(Throwable failure) {
      requests = null;
      // The node hands this stream's unsettled deliveries to the group again: emitting the
      // buffered ones or sending their acks would only be refused.
      buffer.clear();
      unanswered.clear();
      batch.clear();
      outbox.clear();
      if (closing) {
        completeStage();
      } else if (clientClosed.getAsBoolean()) {
        failStage(new SwitchboardException(ErrorCode.NOT_READY, "the client is closed"));
      } else if (RemoteErrors.isTransient(failure)) {
        scheduleOnce(RECONNECT, backoff.next());
      } else {
        failStage(RemoteErrors.of(failure));
      }
    }

    @Override
    public void onTimer(Object key) {
      if (RECONNECT.equals(key)) {
        open();
      } else if (CLOSING.equals(key)) {
        endStream();
      } else if (GRACE.equals(key)) {
        leave();
      } else {
        flush();
      }
    }

    /** Called by {@link Delivery#ack()} and {@code nack} on any thread. */
    private void settle(Settlement settlement) {
      settles.add(settlement);
      if (wakeUpSent.compareAndSet(false, true)) {
        onSettles.invoke(Done.getInstance());
      }
    }

    private void emit() {
      emittedUnsettled++;
      push(out, buffer.poll());
    }

    private void takeSettles() {
      wakeUpSent.set(false);
      takeWaiting();
      if (closing && !leaving && emittedUnsettled <= 0) {
        leave(); // the last ack the grace waited for
        return;
      }
      if (batch.size() >= client.settleBatch()) {
        flush();
      } else if (batch.size() > 0 && !isTimerActive(SETTLE)) {
        scheduleOnce(SETTLE, client.settleDelay());
      }
    }

    private void add(Settlement settlement) {
      if (!batch.add(settlement)) {
        flush(); // one Nack carries one delay
        batch.add(settlement);
      }
      if (batch.size() >= client.settleBatch()) {
        flush();
      }
    }

    private void flush() {
      cancelTimer(SETTLE);
      if (requests == null) {
        return; // a reconnect is pending: these receipts died with their stream
      }
      batch.drainTo(outbox, this::settleId);
      drain();
    }

    /**
     * Writes what waits while the transport takes it; the outbox never holds more than the credit's
     * receipts.
     */
    private void drain() {
      while (requests != null && !outbox.isEmpty() && requests.isReady()) {
        requests.onNext(outbox.poll());
      }
    }

    private long settleId() {
      long id = nextSettleId++;
      unanswered.add(id);
      return id;
    }

    /** Moves the settles other threads queued into the batches. */
    private void takeWaiting() {
      for (Settlement settle = settles.poll(); settle != null; settle = settles.poll()) {
        emittedUnsettled = Math.max(0, emittedUnsettled - 1);
        add(settle);
      }
    }

    /**
     * Stops emitting and, as the embedded consumer does, waits up to {@code stop-grace} for the
     * acks of deliveries already emitted: a downstream cancels (take(n)) before the element it just
     * let through is acked further down. Then {@link #leave()}.
     */
    private void finish() {
      if (closing) {
        return;
      }
      closing = true;
      setKeepGoing(true);
      buffer.clear(); // never emitted: the node gives them to others when the stream ends
      if (!isClosed(out)) {
        complete(out);
      }
      takeWaiting();
      if (requests != null && emittedUnsettled > 0 && client.stopGrace().toNanos() > 0) {
        scheduleOnce(GRACE, client.stopGrace());
      } else {
        leave();
      }
    }

    /**
     * Leaves the group: sends the waiting acks and, once the node has answered every ack sent (or
     * call-timeout passed), ends the stream so the node gives the unsettled rest to others.
     */
    private void leave() {
      if (leaving) {
        return;
      }
      leaving = true;
      cancelTimer(GRACE);
      flushOnEnd();
      if (requests == null || unanswered.isEmpty()) {
        endStream();
      } else {
        scheduleOnce(CLOSING, client.callTimeout());
      }
    }

    private void endStream() {
      if (requests != null) {
        requests.onCompleted();
        requests = null;
      }
      completeStage();
    }

    private void flushOnEnd() {
      takeWaiting();
      flush();
      while (requests != null && !outbox.isEmpty()) {
        requests.onNext(outbox.poll()); // a last few, bounded by the credit: past isReady is fine
      }
    }
  }
}
