package io.switchboard.routing;

import io.switchboard.message.CborSerializable;
import io.switchboard.message.Names;

/** A binding: messages whose type matches {@code pattern} go to {@code topic}. */
public record Route(String pattern, String topic) implements CborSerializable {
  public Route {
    new TypePattern(pattern);
    Names.requireTopic(topic);
  }

  /** Returns the route's identity, as used to delete it. */
  public String id() {
    return pattern + "->" + topic;
  }
}
