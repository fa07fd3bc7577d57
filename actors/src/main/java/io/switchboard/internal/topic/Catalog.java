package io.switchboard.internal.topic;

import io.switchboard.message.CborSerializable;
import io.switchboard.routing.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every topic, group and route of the cluster; immutable. {@code version} grows with each change,
 * so replicas keep the newest.
 */
public record Catalog(long version, Map<String, TopicEntry> topics, List<Route> routes)
    implements CborSerializable {

  public static final Catalog EMPTY = new Catalog(0, Map.of(), List.of());

  public Catalog {
    topics = Map.copyOf(topics);
    routes = List.copyOf(routes);
  }

  public Optional<TopicEntry> topic(String name) {
    return Optional.ofNullable(topics.get(name));
  }

  public RouteTable routeTable() {
    return new RouteTable(routes);
  }

  Catalog withTopic(TopicEntry entry) {
    Map<String, TopicEntry> next = new TreeMap<>(topics);
    next.put(entry.config().name(), entry);
    return new Catalog(version + 1, next, routes);
  }

  Catalog withoutTopic(String name) {
    Map<String, TopicEntry> next = new TreeMap<>(topics);
    next.remove(name);
    List<Route> kept = new ArrayList<>(routes);
    kept.removeIf(route -> route.topic().equals(name));
    return new Catalog(version + 1, next, kept);
  }

  Catalog withRoutes(List<Route> next) {
    return new Catalog(version + 1, topics, next);
  }
}
