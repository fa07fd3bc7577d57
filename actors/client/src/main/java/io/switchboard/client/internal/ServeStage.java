package io.switchboard.client.internal;

import io.switchboard.client.RemoteRequest;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.protocol.v1.ServeRequest;
import io.switchboard.protocol.v1.Subscribe;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.GraphStageWithMaterializedValue;
import scala.Tuple2;

/**
 * A remote worker over one Serve stream, as a source of {@link RemoteRequest}s. The node sends no
 * more than the credit of requests not yet answered, so the buffer holds at most that many. The
 * source fails when the stream breaks (the node gives the requests it held to other workers;
 * materialize the source again to serve on) and completes when the node ends it or on stop.
 */
public final class ServeStage extends GraphStageWithMaterializedValue<SourceShape<RemoteRequest>, ConsumerControl> {
  private final Outlet<RemoteRequest> out = Outlet.create("ServeStage.out");
  private final SourceShape<RemoteRequest> shape = SourceShape.of(out);
  private final SwitchboardGrpc.SwitchboardStub stub;
  private final Executor executor;
  private final String topic;
  private final String group;
  private final ConsumerSettings consumer;

  public ServeStage(SwitchboardGrpc.SwitchboardStub stub, Executor executor, String topic, String group,
      ConsumerSettings consumer) {
    this.stub = stub;
    this.executor = executor;
    this.topic = topic;
    this.group = group;
    this.consumer = consumer;
  }

  @Override
  public SourceShape<RemoteRequest> shape() {
    return shape;
  }

  @Override
  public Tuple2<GraphStageLogic, ConsumerControl> createLogicAndMaterializedValue(Attributes attributes) {
    Logic logic = new Logic();
    return Tuple2.apply(logic, logic::stop);
  }

  private final class Logic extends GraphStageLogic {
    private final ArrayDeque<RemoteRequest> buffer = new ArrayDeque<>();
    private final CompletableFuture<Done> stopped = new CompletableFuture<>();
    private final AsyncCallback<RemoteRequest> onRequest = createAsyncCallback(this::onRequest);
    private final AsyncCallback<Throwable> onEnd = createAsyncCallback(this::onEnd);
    private final AsyncCallback<Done> onStop = createAsyncCallback(done -> completeStage());
    private ServeCall call;

    Logic() {
      super(shape);
      setHandler(out, new AbstractOutHandler() {
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
      call = new ServeCall(executor, onRequest::invoke, failure -> onEnd.invoke(failure == null ? DONE : failure));
      stub.serve(call);
      call.send(ServeRequest.newBuilder().setSubscribe(Subscribe.newBuilder().setTopic(topic).setGroup(group)
          .setConsumerId(consumer.consumerId()).setCredit(consumer.credit()).setCapacity(consumer.capacity()))
          .build());
    }

    @Override
    public void postStop() {
      call.close();
      stopped.complete(Done.getInstance());
    }

    private void onRequest(RemoteRequest request) {
      if (isAvailable(out)) {
        push(out, request);
      } else {
        buffer.add(request);
      }
    }

    private void onEnd(Throwable failure) {
      if (failure == DONE) {
        completeStage();
      } else {
        failStage(failure);
      }
    }
  }

  /** Marks a call that completed (AsyncCallback takes no null). */
  private static final Throwable DONE = new Throwable("completed", null, false, false) { };
}
