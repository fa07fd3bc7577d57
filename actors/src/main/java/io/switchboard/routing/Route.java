package io.switchboard.routing;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.message.CborSerializable;
import io.switchboard.message.Names;
import io.switchboard.message.Text;

/** A binding: messages whose type matches {@code pattern} go to {@code topic}. */
public record Route(String pattern, String topic) implements CborSerializable {
  public Route {
    // Structure only: routes recovered from an older journal must still load (and be removable).
    Text.requireWellFormed(ErrorCode.INVALID_ARGUMENT, "route pattern", pattern);
    new TypePattern(pattern);
    Names.requireTopic(topic);
  }

  /**
   * Returns this route if it may be added: a pattern of clean {@link Text} (no control characters,
   * tab included) and a target that is not a dead-letter topic, which takes no publishes.
   */
  public Route requireAddable() {
    Text.require(ErrorCode.INVALID_ARGUMENT, "route pattern", pattern, false);
    if (Names.isDeadLetterTopic(topic)) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT,
          "a route cannot target dead-letter topic '"
              + topic
              + "': dead-letter topics take no publishes; replay their messages instead");
    }
    return this;
  }

  /** Returns the route's identity, as used to delete it. */
  public String id() {
    return pattern + "->" + topic;
  }
}
