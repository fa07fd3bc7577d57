package io.switchboard.runtime.simulator;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import io.switchboard.runtime.http.ApiContext;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /v1/simulator}: the bundled scenarios, one run ({@code runs}) and a sweep ({@code
 * sweeps}), answered with the figures the console tabulates and charts.
 */
public final class SimulatorRoutes {
  private final ApiContext api;
  private final SimulatorRuns runs;

  public SimulatorRoutes(ApiContext api, SimulatorRuns runs) {
    this.api = api;
    this.runs = runs;
  }

  /** A run: a bundled {@code scenario} or its {@code text}, and {@code key=value} overrides. */
  public record RunRequest(String scenario, String text, List<String> set) {}

  /**
   * A sweep: a run's fields, and the key swept from {@code from} to {@code to} by {@code step} (1
   * if absent).
   */
  public record SweepRequest(
      String scenario,
      String text,
      List<String> set,
      String key,
      Integer from,
      Integer to,
      Integer step) {}

  /** Routes matched at {@code /v1/simulator}. */
  public Route routes() {
    if (!runs.settings().enabled()) {
      return concat(
          path("scenarios", () -> get(this::off)),
          path("runs", () -> post(this::off)),
          path("sweeps", () -> post(this::off)));
    }
    return concat(
        path("scenarios", () -> get(() -> complete(api.ok(ScenarioList.of(runs.settings()))))),
        path(
            "runs",
            () ->
                post(
                    () ->
                        extractRequest(
                            request ->
                                answer(
                                    () ->
                                        api.body(request, RunRequest.class)
                                            .thenComposeAsync(
                                                body ->
                                                    runs.run(
                                                        body.scenario(),
                                                        body.text(),
                                                        set(body.set())),
                                                api.executor()))))),
        path(
            "sweeps",
            () ->
                post(
                    () ->
                        extractRequest(
                            request ->
                                answer(
                                    () ->
                                        api.body(request, SweepRequest.class)
                                            .thenComposeAsync(this::sweep, api.executor()))))));
  }

  private CompletionStage<SweepView> sweep(SweepRequest body) {
    if (body.key() == null || body.from() == null || body.to() == null) {
      throw SimulatorRefusal.invalid(
          "a sweep needs \"key\", \"from\" and \"to\", like"
              + " {\"key\": \"workers.h100.count\", \"from\": 2, \"to\": 8}");
    }
    return runs.sweep(
        body.scenario(),
        body.text(),
        set(body.set()),
        body.key(),
        body.from(),
        body.to(),
        body.step() == null ? 1 : body.step());
  }

  private static List<String> set(List<String> set) {
    if (set == null) {
      return List.of();
    }
    if (set.contains(null)) {
      throw SimulatorRefusal.invalid(
          "\"set\" must list key=value strings, like [\"workers.h100.count=6\"]; got a null");
    }
    return set;
  }

  private Route off() {
    return complete(response(SimulatorRefusal.off()));
  }

  private Route answer(Supplier<CompletionStage<?>> work) {
    return api.respond(
        () ->
            work.get()
                .handleAsync(
                    (view, failure) -> failure == null ? api.ok(view) : response(failure),
                    api.executor()));
  }

  private HttpResponse response(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (!(cause instanceof SimulatorRefusal refusal)) {
      return api.failures().toResponse(cause);
    }
    HttpResponse response =
        api.failures().error(refusal.status(), refusal.code(), refusal.getMessage());
    return refusal.retryAfter() == null
        ? response
        : response.addHeader(RetryAfter.create(Math.max(1, refusal.retryAfter().toSeconds())));
  }
}
