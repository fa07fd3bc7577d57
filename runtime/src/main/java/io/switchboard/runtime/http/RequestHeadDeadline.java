package io.switchboard.runtime.http;

import java.time.Duration;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.HttpProtocols;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;

/**
 * Closes a connection whose next request head does not arrive in time: {@code header} after the
 * connection opens, {@code idle} after its last response. Pekko HTTP only times out connections
 * with no traffic at all, so a client sending its head a byte at a time held a connection for good.
 *
 * <p>It sits between the connection and the route, once per connection: a request is emitted only
 * when its head is complete, and completing the response side closes the connection. A WebSocket
 * upgrade (101) ends the watch. Being once per connection, it also hands each request its {@link
 * ClientConnection}, closed when the stage stops (the connection is gone).
 */
final class RequestHeadDeadline
    extends GraphStage<BidiShape<HttpRequest, HttpRequest, HttpResponse, HttpResponse>> {
  private static final String DEADLINE = "deadline";

  private final Inlet<HttpRequest> fromClient = Inlet.create("RequestHeadDeadline.fromClient");
  private final Outlet<HttpRequest> toRoute = Outlet.create("RequestHeadDeadline.toRoute");
  private final Inlet<HttpResponse> fromRoute = Inlet.create("RequestHeadDeadline.fromRoute");
  private final Outlet<HttpResponse> toClient = Outlet.create("RequestHeadDeadline.toClient");
  private final BidiShape<HttpRequest, HttpRequest, HttpResponse, HttpResponse> shape =
      BidiShape.of(fromClient, toRoute, fromRoute, toClient);
  private final Duration header;
  private final Duration idle;

  private RequestHeadDeadline(Duration header, Duration idle) {
    this.header = header;
    this.idle = idle;
  }

  /** Returns the stage as a bidi flow to join with the route's flow. */
  static BidiFlow<HttpRequest, HttpRequest, HttpResponse, HttpResponse, NotUsed> flow(
      Duration header, Duration idle) {
    return BidiFlow.fromGraph(new RequestHeadDeadline(header, idle));
  }

  /** Returns whether the client asked to close the connection after this request. */
  private static boolean closes(HttpRequest request) {
    return request.protocol().equals(HttpProtocols.HTTP_1_0)
        || request
            .getHeader("Connection")
            .map(header -> header.value().toLowerCase(java.util.Locale.ROOT).contains("close"))
            .orElse(false);
  }

  @Override
  public BidiShape<HttpRequest, HttpRequest, HttpResponse, HttpResponse> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape) {
      private int inFlight;
      private boolean upgraded;
      private final ClientConnection connection = new ClientConnection();
      private boolean lastCloses;

      {
        setHandler(
            fromClient,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                inFlight++;
                cancelTimer(DEADLINE);
                HttpRequest request = grab(fromClient);
                lastCloses = closes(request);
                push(toRoute, request.addAttribute(ClientConnection.KEY, connection));
              }

              // The request side ends (or fails: a malformed or oversized chunked body) while the
              // route may still answer the last request: let that answer through before closing.
              @Override
              public void onUpstreamFinish() {
                clientGone();
                complete(toRoute);
              }

              @Override
              public void onUpstreamFailure(Throwable failure) {
                clientGone();
                complete(toRoute);
              }
            });
        setHandler(
            toRoute,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                pull(fromClient);
              }
            });
        setHandler(
            fromRoute,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                HttpResponse response = grab(fromRoute);
                inFlight--;
                if (response.status().equals(StatusCodes.SWITCHING_PROTOCOLS)) {
                  upgraded = true;
                } else if (inFlight == 0 && !upgraded) {
                  scheduleOnce(DEADLINE, idle);
                }
                push(toClient, response);
              }
            });
        setHandler(
            toClient,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                pull(fromRoute);
              }
            });
      }

      @Override
      public void preStart() {
        scheduleOnce(DEADLINE, header);
      }

      /**
       * The request side ended with an answer still due: pekko-http keeps the connection until it
       * is written, but a client that closed its side after a keep-alive request has gone away (one
       * that asked for the close, or speaks HTTP/1.0, may still be waiting).
       */
      private void clientGone() {
        if (inFlight > 0 && !lastCloses) {
          connection.close();
        }
      }

      @Override
      public void postStop() {
        connection.close();
      }

      @Override
      public void onTimer(Object key) {
        if (inFlight == 0 && !upgraded) {
          completeStage();
        }
      }
    };
  }
}
