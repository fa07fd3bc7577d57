package io.switchboard.runtime.http.topic;

import io.switchboard.topic.GroupConfig;
import java.util.Locale;

/** A consumer group as the API shows it. */
public record GroupView(String name, String balancing, String startFrom) {

  public static GroupView of(String name, GroupConfig config) {
    return new GroupView(
        name, config.balancing().configName(), config.startFrom().name().toLowerCase(Locale.ROOT));
  }
}
