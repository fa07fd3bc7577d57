package io.switchboard.runtime.http.topic;

import java.util.List;

/** The answer of {@code GET /v1/topics/{topic}/groups}. */
public record GroupList(List<GroupView> groups) {}
