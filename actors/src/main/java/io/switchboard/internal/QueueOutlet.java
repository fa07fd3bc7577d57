package io.switchboard.internal;

import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.DeliveryOutlet;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;

/** The outlet of a consumer {@code Source}: its bounded queue. */
record QueueOutlet(BoundedSourceQueue<Delivery> queue) implements DeliveryOutlet {

  @Override
  public boolean offer(Delivery delivery) {
    return queue.offer(delivery) == QueueOfferResult.enqueued();
  }

  @Override
  public void complete() {
    try {
      queue.complete();
    } catch (IllegalStateException streamAlreadyDone) {
      // stopped after the stream ended (cancelled or completed): nothing left to complete
    }
  }

  @Override
  public void fail(Throwable failure) {
    try {
      queue.fail(failure);
    } catch (IllegalStateException streamAlreadyDone) {
      // the stream ended first: nothing left to fail
    }
  }
}
