package io.switchboard.runtime.http.topic;

import io.switchboard.balance.Balancing;
import io.switchboard.message.Names;
import io.switchboard.runtime.http.ApiException;
import io.switchboard.topic.GroupConfig;

/** The body of {@code POST /v1/topics/{topic}/groups}; balancing and startFrom are optional. */
public record GroupRequest(String name, String balancing, String startFrom) {

  /** Returns the group name, checked. */
  public String groupName() {
    return Names.requireGroup(name);
  }

  /** Returns the group's configuration, or throws a 400 naming the unknown value. */
  public GroupConfig toConfig() {
    GroupConfig config = GroupConfig.DEFAULT;
    if (balancing != null) {
      config = config.withBalancing(Balancing.parse(balancing));
    }
    if (startFrom != null) {
      config = config.withStartFrom(parseStart(startFrom));
    }
    return config;
  }

  /**
   * Accepts {@code latest} or {@code earliest} in any ASCII case, nothing else (no spaces, no
   * look-alikes).
   */
  private static GroupConfig.StartFrom parseStart(String text) {
    boolean ascii = text.chars().allMatch(c -> c < 0x80);
    for (GroupConfig.StartFrom start : GroupConfig.StartFrom.values()) {
      if (ascii && start.name().equalsIgnoreCase(text)) {
        return start;
      }
    }
    throw ApiException.invalid("startFrom must be 'latest' or 'earliest', got '" + text + "'");
  }
}
