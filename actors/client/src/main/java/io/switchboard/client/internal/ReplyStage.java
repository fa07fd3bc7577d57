package io.switchboard.client.internal;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.switchboard.protocol.v1.ReplyEvent;
import io.switchboard.request.ReplyChunk;
import java.util.function.Consumer;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.SubscriptionWithCancelException;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * A Request or Replies call as a source of reply chunks: one event is read from the transport per
 * pull (a caller that does not read holds the node's reply stream, and through its window the
 * worker). A downstream that cancels before the final reply cancels the request ({@code onCancel});
 * a failure downstream only ends the call, leaving the request for a reattach.
 */
public final class ReplyStage<Q> extends GraphStage<SourceShape<ReplyChunk>> {
  private final Outlet<ReplyChunk> out = Outlet.create("ReplyStage.out");
  private final SourceShape<ReplyChunk> shape = SourceShape.of(out);
  private final Consumer<ClientResponseObserver<Q, ReplyEvent>> start;
  private final Runnable onCancel;

  /**
   * {@code start} opens the call with the observer it is given; {@code onCancel} cancels the
   * request.
   */
  public ReplyStage(Consumer<ClientResponseObserver<Q, ReplyEvent>> start, Runnable onCancel) {
    this.start = start;
    this.onCancel = onCancel;
  }

  @Override
  public SourceShape<ReplyChunk> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new Logic();
  }

  private record Event(ReplyEvent event, Throwable failure, boolean ended) {}

  private final class Logic extends GraphStageLogic {
    private final AsyncCallback<Event> onEvent = createAsyncCallback(this::onEvent);
    private volatile ClientCallStreamObserver<Q> call;
    private boolean finished;

    Logic() {
      super(shape);
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              call.request(1);
            }

            @Override
            public void onDownstreamFinish(Throwable cause) {
              if (!finished
                  && cause instanceof SubscriptionWithCancelException.NonFailureCancellation) {
                onCancel.run();
              }
              finished = true;
              call.cancel("the caller's stream ended", null);
              completeStage();
            }
          });
    }

    @Override
    public void preStart() {
      start.accept(
          new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
              call = requestStream;
              requestStream.disableAutoRequestWithInitial(0);
            }

            @Override
            public void onNext(ReplyEvent value) {
              onEvent.invoke(new Event(value, null, false));
            }

            @Override
            public void onError(Throwable failure) {
              onEvent.invoke(new Event(null, failure, false));
            }

            @Override
            public void onCompleted() {
              onEvent.invoke(new Event(null, null, true));
            }
          });
    }

    private void onEvent(Event event) {
      if (finished) {
        return;
      }
      if (event.failure() != null) {
        finished = true;
        failStage(RemoteErrors.of(event.failure()));
      } else if (event.ended()) {
        finished = true;
        completeStage();
      } else if (event.event().hasChunk()) {
        var chunk = event.event().getChunk();
        push(out, WireFormat.fromWire(chunk));
        if (chunk.getLast()) {
          finished = true;
          completeStage(); // after the element just pushed
        }
      } else {
        call.request(1); // accepted: the pull is still open
      }
    }
  }
}
