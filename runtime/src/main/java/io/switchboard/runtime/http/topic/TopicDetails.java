package io.switchboard.runtime.http.topic;

import io.switchboard.topic.TopicStats;
import java.util.List;

/** The answer of {@code GET /v1/topics/{topic}}: configuration, groups and live numbers. */
public record TopicDetails(TopicView config, List<GroupView> groups, TopicStats stats) {}
