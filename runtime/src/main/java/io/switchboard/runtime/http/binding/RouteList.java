package io.switchboard.runtime.http.binding;

import java.util.List;

/** The answer of {@code GET /v1/routes}. */
public record RouteList(List<RouteRequest> routes) {}
