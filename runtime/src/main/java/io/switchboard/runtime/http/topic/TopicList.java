package io.switchboard.runtime.http.topic;

import java.util.List;

/** The answer of {@code GET /v1/topics}. */
public record TopicList(List<TopicView> topics) {}
