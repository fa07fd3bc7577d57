package io.switchboard.runtime.http.topic;

import io.switchboard.balance.Balancing;
import io.switchboard.message.Names;
import io.switchboard.runtime.http.ApiException;
import io.switchboard.topic.GroupConfig;
import java.util.Locale;

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

  private static GroupConfig.StartFrom parseStart(String text) {
    try {
      return GroupConfig.StartFrom.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("startFrom must be 'latest' or 'earliest', got '" + text + "'");
    }
  }
}
