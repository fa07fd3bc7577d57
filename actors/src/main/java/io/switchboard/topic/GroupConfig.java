package io.switchboard.topic;

import io.switchboard.balance.Balancing;
import io.switchboard.message.CborSerializable;
import java.util.Objects;

/**
 * A consumer group's settings.
 *
 * @param balancing how the group spreads messages over its consumers
 * @param startFrom which messages the new group gets
 */
public record GroupConfig(Balancing balancing, StartFrom startFrom) implements CborSerializable {

  /** Where a new group's cursor starts. */
  public enum StartFrom {
    /** Messages published after the group is created. */
    LATEST,
    /** Also the messages still retained in the topic. */
    EARLIEST
  }

  public static final GroupConfig DEFAULT =
      new GroupConfig(Balancing.LEAST_OUTSTANDING, StartFrom.LATEST);

  public GroupConfig {
    Objects.requireNonNull(balancing, "balancing");
    Objects.requireNonNull(startFrom, "startFrom");
  }

  public GroupConfig withBalancing(Balancing value) {
    return new GroupConfig(value, startFrom);
  }

  public GroupConfig withStartFrom(StartFrom value) {
    return new GroupConfig(balancing, value);
  }
}
