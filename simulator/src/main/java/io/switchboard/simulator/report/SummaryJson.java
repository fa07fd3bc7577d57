package io.switchboard.simulator.report;

/** Renders a {@link Summary} as JSON; the same summary always gives the same bytes. */
public final class SummaryJson {
  private SummaryJson() {}

  /** Returns the summary as an indented JSON object. */
  public static String render(Summary s) {
    JsonWriter json =
        new JsonWriter()
            .beginObject(null)
            .field("balancing", s.balancing())
            .field("seed", s.seed())
            .field("windowSeconds", s.windowSeconds())
            .field("messages", s.messages())
            .field("completed", s.completed())
            .field("unfinished", s.unfinished())
            .field("offeredRate", s.offeredRate())
            .field("throughput", s.throughput());
    latency(json, "latency", s.latency());
    latency(json, "queueWait", s.queueWait());
    latency(json, "service", s.service());
    json.field("meanInSystem", s.meanInSystem())
        .field("meanSojourn", s.meanSojourn())
        .field("redeliveries", s.redeliveries())
        .field("duplicates", s.duplicates())
        .field("deadLetters", s.deadLetters())
        .field("prefixHitRate", s.prefixHitRate())
        .field("meanUtilization", s.meanUtilization())
        .beginArray("types");
    for (TypeSummary t : s.types()) {
      json.beginObject(null).field("type", t.type());
      latency(json, "latency", t.latency());
      latency(json, "queueWait", t.queueWait());
      json.end('}');
    }
    json.end(']').beginArray("workers");
    for (WorkerSummary w : s.workers()) {
      json.beginObject(null)
          .field("id", w.id())
          .field("kind", w.kind())
          .field("node", w.node())
          .field("completed", w.completed())
          .field("utilization", w.utilization())
          .end('}');
    }
    return json.end(']').end('}').toString();
  }

  private static void latency(JsonWriter json, String name, LatencySummary l) {
    json.beginObject(name)
        .field("mean", l.mean())
        .field("p50", l.p50())
        .field("p95", l.p95())
        .field("p99", l.p99())
        .field("max", l.max())
        .end('}');
  }
}
