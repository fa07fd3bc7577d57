package io.switchboard.internal.partition;

import java.util.List;

/**
 * What handling one command comes to: events to make durable, then what to do once they are (reply,
 * deliver). A durable partition persists the events; a transient one applies them.
 */
record Write(List<PartitionEvent> events, Runnable afterWrite) {
  static final Runnable NOTHING = () -> {};
  static final Write NONE = new Write(List.of(), NOTHING);

  static Write then(Runnable action) {
    return new Write(List.of(), action);
  }
}
