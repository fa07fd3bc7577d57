package io.switchboard.client.internal;

import io.switchboard.SwitchboardException;
import io.switchboard.client.RemoteRequest;
import io.switchboard.consumer.Delivery;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client's streams hand over with end-to-end encryption on: each delivery and request
 * opened, or none when it does not open. Never garbage, and never a stream that stops on one bad
 * payload.
 */
public final class OpenedStreams {
  private static final Logger LOG = LoggerFactory.getLogger(OpenedStreams.class);

  private OpenedStreams() {}

  /**
   * Returns the delivery with its payload opened, or none: one that does not open is nacked (after
   * max-attempts it is a dead letter, where it can be looked at).
   */
  public static List<Delivery> opened(EndToEnd e2e, Delivery delivery) {
    try {
      return List.of(new OpenedDelivery(delivery, e2e.open(delivery.message())));
    } catch (SwitchboardException e) {
      LOG.warn("delivery {} refused: {}", delivery.receipt(), e.getMessage());
      delivery.nack();
      return List.of();
    }
  }

  /** Returns the request opened, or none: one that does not open is failed, not served. */
  public static List<RemoteRequest> opened(EndToEnd e2e, RemoteRequest request) {
    try {
      return List.of(SealedRemoteRequest.open(request, e2e));
    } catch (SwitchboardException e) {
      LOG.warn("request {} refused: {}", request.requestId(), e.getMessage());
      request.fail("the worker cannot open the request's payload: " + e.getMessage());
      return List.of();
    }
  }
}
