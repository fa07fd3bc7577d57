package io.switchboard.internal.topic;

import io.switchboard.message.CborSerializable;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.util.Map;

/**
 * A topic as the registry holds it: settings, incarnation (a new number each time a topic of this
 * name is created) and groups.
 */
public record TopicEntry(TopicConfig config, long incarnation, Map<String, GroupConfig> groups)
    implements CborSerializable {
  public TopicEntry {
    groups = Map.copyOf(groups);
  }

  TopicEntry withGroups(Map<String, GroupConfig> newGroups) {
    return new TopicEntry(config, incarnation, newGroups);
  }
}
