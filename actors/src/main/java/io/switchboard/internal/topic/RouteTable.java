package io.switchboard.internal.topic;

import io.switchboard.routing.Route;
import io.switchboard.routing.TypePattern;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** An immutable set of routes that answers which topics a message type goes to. */
public final class RouteTable {
  public static final RouteTable EMPTY = new RouteTable(List.of());

  private final List<Route> routes;
  private final List<TypePattern> patterns;

  public RouteTable(Collection<Route> routes) {
    this.routes = List.copyOf(routes);
    List<TypePattern> compiled = new ArrayList<>(routes.size());
    for (Route route : this.routes) {
      compiled.add(new TypePattern(route.pattern()));
    }
    this.patterns = compiled;
  }

  /** Returns the topics bound to this type, each once, in route order. */
  public Set<String> topicsFor(String type) {
    Set<String> topics = new LinkedHashSet<>();
    for (int i = 0; i < routes.size(); i++) {
      if (patterns.get(i).matches(type)) {
        topics.add(routes.get(i).topic());
      }
    }
    return topics;
  }

  public List<Route> routes() {
    return routes;
  }
}
