package io.switchboard.client.internal;

import io.switchboard.client.ClientSettings;
import io.switchboard.client.RemoteRequest;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.protocol.v1.ServeRequest;
import io.switchboard.protocol.v1.Subscribe;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
 * A remote worker over a Serve stream, as a source of {@link RemoteRequest}s. The node sends no
 * more than the credit of requests not yet answered, so the buffer holds at most that many. A
 * stream that breaks for a transient reason (connection lost, node stopping: UNAVAILABLE) is opened
 * again after a backoff ({@code reconnect-min-backoff} doubling to {@code reconnect-max-backoff});
 * the node gave the requests it held to other workers, so answers to them are refused. Other
 * failures fail the source; it completes when the node ends the stream or on stop.
 */
public final class ServeStage
    extends GraphStageWithMaterializedValue<SourceShape<RemoteRequest>, ConsumerControl> {
  private final Outlet<RemoteRequest> out = Outlet.create("ServeStage.out");
  private final SourceShape<RemoteRequest> shape = SourceShape.of(out);
  private static final String RECONNECT = "reconnect";
  private final SwitchboardGrpc.SwitchboardStub stub;
  private final Executor executor;
  private final ClientSettings client;
  private final BooleanSupplier clientClosed;
  private final String topic;
  private final String group;
  private final ConsumerSettings consumer;

  public ServeStage(
      SwitchboardGrpc.SwitchboardStub stub,
      Executor executor,
      ClientSettings client,
      String topic,
      String group,
      ConsumerSettings consumer,
      BooleanSupplier clientClosed) {
    this.stub = stub;
    this.executor = executor;
    this.client = client;
    this.clientClosed = clientClosed;
    this.topic = topic;
    this.group = group;
    this.consumer = consumer;
  }

  @Override
  public SourceShape<RemoteRequest> shape() {
    return shape;
  }

  @Override
  public Tuple2<GraphStageLogic, ConsumerControl> createLogicAndMaterializedValue(
      Attributes attributes) {
    Logic logic = new Logic();
    return Tuple2.apply(logic, logic::stop);
  }

  private final class Logic extends TimerGraphStageLogic {
    private final ArrayDeque<RemoteRequest> buffer = new ArrayDeque<>();
    private final CompletableFuture<Done> stopped = new CompletableFuture<>();
    private final AsyncCallback<Call> onRequest = createAsyncCallback(this::onRequest);
    private final AsyncCallback<Ended> onEnd = createAsyncCallback(this::onEnd);
    private final AsyncCallback<Done> onStop = createAsyncCallback(done -> completeStage());
    private final Backoff backoff =
        new Backoff(client.reconnectMinBackoff(), client.reconnectMaxBackoff());
    private ServeCall call;
    private Object current;

    Logic() {
      super(shape);
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              if (!buffer.isEmpty()) {
                push(out, buffer.poll());
              }
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

    private void open() {
      // the events name their call: a late one of a broken call is not taken for the new call's
      Object attempt = new Object();
      current = attempt;
      call =
          new ServeCall(
              executor,
              request -> onRequest.invoke(new Call(attempt, request)),
              failure -> onEnd.invoke(new Ended(attempt, failure == null ? DONE : failure)));
      stub.serve(call);
      call.send(
          ServeRequest.newBuilder()
              .setSubscribe(
                  Subscribe.newBuilder()
                      .setTopic(topic)
                      .setGroup(group)
                      .setConsumerId(consumer.consumerId())
                      .setCredit(consumer.credit())
                      .setCapacity(consumer.capacity())
                      .setTokenBudget(consumer.tokenBudget()))
              .build());
    }

    @Override
    public void postStop() {
      call.close();
      stopped.complete(Done.getInstance());
    }

    private void onRequest(Call request) {
      if (request.attempt() != current) {
        return; // from a call that broke: the node gave it to another worker
      }
      backoff.reset(); // the node serves us again
      if (isAvailable(out)) {
        push(out, request.request());
      } else {
        buffer.add(request.request());
      }
    }

    private void onEnd(Ended ended) {
      Throwable failure = ended.failure();
      if (ended.attempt() != current) {
        return;
      } else if (failure == DONE) {
        completeStage();
      } else if (!clientClosed.getAsBoolean() && RemoteErrors.isTransient(failure)) {
        buffer.clear(); // the node gave these to other workers: answers to them would be refused
        scheduleOnce(RECONNECT, backoff.next());
      } else {
        failStage(failure);
      }
    }

    @Override
    public void onTimer(Object key) {
      open();
    }
  }

  /** A request given on the call opened as {@code attempt}. */
  private record Call(Object attempt, RemoteRequest request) {}

  /** The end of the call opened as {@code attempt}. */
  private record Ended(Object attempt, Throwable failure) {}

  /** Marks a call that completed (AsyncCallback takes no null). */
  private static final Throwable DONE = new Throwable("completed", null, false, false) {};
}
