package io.switchboard.internal.request;

import io.switchboard.internal.request.ReplyProtocol.Notice;
import io.switchboard.request.RequestDelivery;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One per node: hears from reply streams that a request a local worker runs was cancelled, timed
 * out or given to another worker, and tells that worker's {@link RequestDelivery}.
 */
final class RequestWatcher {
  private RequestWatcher() {}

  static Behavior<Notice> create(Map<String, RunningRequest> running) {
    return Behaviors.receive(Notice.class)
        .onMessage(
            Notice.class,
            notice -> {
              RunningRequest delivery =
                  running.get(Requests.runningKey(notice.requestId(), notice.generation()));
              if (delivery != null) {
                delivery.stopped(notice.outcome());
              }
              return Behaviors.same();
            })
        .build();
  }
}
