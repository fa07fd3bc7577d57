package io.switchboard.runtime.http.request;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * Passes elements through and turns any cancel from downstream into a failure upstream, then runs
 * {@code onGone}. The library cancels a request when its caller's stream is cancelled; an HTTP
 * client that merely went away gets {@code switchboard.requests.reattach-grace} to reattach first
 * ({@code onGone} starts it), so its cancel reaches the library as a failure. Cancelling a request
 * over HTTP at once is an explicit DELETE.
 */
final class DetachedCancel<T> extends GraphStage<FlowShape<T, T>> {
  private final Runnable onGone;

  DetachedCancel(Runnable onGone) {
    this.onGone = onGone;
  }

  private final Inlet<T> in = Inlet.create("DetachedCancel.in");
  private final Outlet<T> out = Outlet.create("DetachedCancel.out");
  private final FlowShape<T, T> shape = FlowShape.of(in, out);

  @Override
  public FlowShape<T, T> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                push(out, grab(in));
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                pull(in);
              }

              @Override
              public void onDownstreamFinish(Throwable cause) {
                cancelStage(new ClientGone());
                onGone.run();
              }
            });
      }
    };
  }

  /** Why the stream stopped: its HTTP client went away (not a cancel of the request). */
  static final class ClientGone extends RuntimeException {
    ClientGone() {
      super(
          "the HTTP client went away before the final reply (the request waits for a reattach)",
          null,
          false,
          false);
    }
  }
}
