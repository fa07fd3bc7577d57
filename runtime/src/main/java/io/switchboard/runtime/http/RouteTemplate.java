package io.switchboard.runtime.http;

import java.util.List;

/**
 * Names the endpoint of a request path without its variable parts, like {@code
 * /v1/topics/{topic}/groups/{group}/pull}, so metrics stay few per endpoint.
 */
public final class RouteTemplate {
  private static final List<String> KNOWN =
      List.of(
          "/v1/topics",
          "/v1/topics/{topic}",
          "/v1/topics/{topic}/groups",
          "/v1/topics/{topic}/groups/{group}",
          "/v1/topics/{topic}/groups/{group}/pull",
          "/v1/topics/{topic}/groups/{group}/ack",
          "/v1/topics/{topic}/groups/{group}/nack",
          "/v1/topics/{topic}/groups/{group}/stream",
          "/v1/topics/{topic}/groups/{group}/backlog",
          "/v1/topics/{topic}/messages",
          "/v1/topics/{topic}/dead-letters",
          "/v1/topics/{topic}/dead-letters/replay",
          "/v1/topics/{topic}/dead-letters/purge",
          "/v1/topics/{topic}/requests",
          "/v1/requests/{id}",
          "/v1/requests/{id}/replies",
          "/v1/routes",
          "/v1/cluster/members",
          "/v1/simulator/scenarios",
          "/v1/simulator/runs",
          "/v1/simulator/sweeps",
          "/v1/publish",
          "/v1/chat/completions",
          "/v1/completions",
          "/v1/embeddings",
          "/v1/models",
          "/v1/pools",
          "/v1/pools/{model}",
          "/metrics",
          "/health/alive",
          "/health/ready");

  private RouteTemplate() {}

  /** Returns every endpoint's template. */
  public static List<String> templates() {
    return KNOWN;
  }

  /** Returns the template of {@code path}, or {@code other} for a path no endpoint has. */
  public static String of(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length > 3 && "v1".equals(parts[1]) && "pools".equals(parts[2])) {
      return "/v1/pools/{model}"; // a model name may hold slashes
    }
    StringBuilder template = new StringBuilder();
    for (int i = 1; i < parts.length; i++) {
      boolean topicName = i == 3 && "topics".equals(parts[2]);
      boolean groupName = i == 5 && "groups".equals(parts[4]);
      boolean requestId = i == 3 && "requests".equals(parts[2]);
      template
          .append('/')
          .append(topicName ? "{topic}" : groupName ? "{group}" : requestId ? "{id}" : parts[i]);
    }
    String result = template.toString();
    return KNOWN.contains(result) ? result : "other";
  }
}
