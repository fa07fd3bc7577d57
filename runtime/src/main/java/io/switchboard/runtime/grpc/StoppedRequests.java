package io.switchboard.runtime.grpc;

import io.switchboard.request.RequestDelivery;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The last requests a Serve stream told its worker to stop (as many as its credit, the requests it
 * runs at once): the worker may still report the tokens they generated ({@code ReportUsage}).
 */
final class StoppedRequests {
  private final Map<String, RequestDelivery> byId = new HashMap<>();
  private final ArrayDeque<String> order = new ArrayDeque<>();
  private int capacity = 1;

  synchronized void capacity(int requests) {
    capacity = Math.max(1, requests);
  }

  synchronized void add(RequestDelivery stopped) {
    if (byId.put(stopped.requestId(), stopped) == null) {
      order.add(stopped.requestId());
    }
    while (order.size() > capacity) {
      byId.remove(order.poll());
    }
  }

  /** Returns the stopped request with this id, or null (never stopped here, or long ago). */
  synchronized RequestDelivery get(String requestId) {
    return byId.get(requestId);
  }
}
