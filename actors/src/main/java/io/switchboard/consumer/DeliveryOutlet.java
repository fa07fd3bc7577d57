package io.switchboard.consumer;

/**
 * Where a consumer puts its deliveries: the bounded queue of a {@code Switchboard.source} stream,
 * or the caller's own code ({@code Switchboard.consume}), which then sends them on without a stream
 * stage in between. The consumer's credit bounds how many it holds unsettled, so an outlet that
 * accepts every delivery holds at most that many. Called on the consumer actor's thread, one call
 * at a time; no method may block.
 */
public interface DeliveryOutlet {

  /** Takes a delivery; false refuses it and it goes back to the group at once. */
  boolean offer(Delivery delivery);

  /** Ends a run of deliveries that arrived together: a good moment to send what was offered. */
  default void endOfBatch() {}

  /** No more deliveries: the consumer was stopped. */
  void complete();

  /** No more deliveries because of {@code failure} (the group or its topic was deleted). */
  void fail(Throwable failure);
}
