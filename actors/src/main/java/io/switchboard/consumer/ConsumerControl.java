package io.switchboard.consumer;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** Stops a consumer: its unacknowledged deliveries are redelivered to the rest of the group. */
public interface ConsumerControl {

  /** Leaves the group; completes when the partitions have been told. */
  CompletionStage<Done> stop();
}
