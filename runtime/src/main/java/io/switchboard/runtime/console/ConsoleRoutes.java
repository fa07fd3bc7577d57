package io.switchboard.runtime.console;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.conditional;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.reject;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /console}: the web console's page, script and style, served from the jar. The files
 * hold no data, so they need no token; everything the page shows it reads from the API with the
 * user's token, through the same access checks as curl.
 */
public final class ConsoleRoutes {
  private static final String INDEX = "index.html";
  private static final String REFRESH_PLACEHOLDER = "__REFRESH_MS__";
  private static final String CHART_WINDOW_PLACEHOLDER = "__CHART_WINDOW_MS__";
  private static final List<String> FILES =
      List.of(
          "console.js",
          "dom.js",
          "charts.js",
          "dead-letters.js",
          "panels.js",
          "topic-views.js",
          "simulator.js",
          "console.css");
  // the page shows payloads and names that anyone who can publish chose: nothing may run but our
  // files
  private static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; "
          + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final ConsoleSettings settings;
  private final ConsoleAsset index;
  private final Map<String, ConsoleAsset> files;

  /** Reads the console's files from the class path once. */
  public ConsoleRoutes(ConsoleSettings settings) {
    this.settings = settings;
    this.index =
        ConsoleAsset.load(
            INDEX,
            Map.of(
                REFRESH_PLACEHOLDER, Long.toString(settings.refreshInterval().toMillis()),
                CHART_WINDOW_PLACEHOLDER, Long.toString(settings.chartWindow().toMillis())));
    this.files =
        FILES.stream()
            .map(name -> ConsoleAsset.load(name, Map.of()))
            .collect(Collectors.toUnmodifiableMap(ConsoleAsset::name, Function.identity()));
  }

  /**
   * Routes matched at the root: {@code /console}, {@code /console/} and {@code /console/<file>}.
   */
  public Route route() {
    if (!settings.enabled()) {
      return reject();
    }
    return pathPrefix(
        "console",
        () ->
            get(
                () ->
                    concat(
                        pathEnd(() -> serve(index)),
                        pathSingleSlash(() -> serve(index)),
                        path(
                            PathMatchers.segment(),
                            name -> files.containsKey(name) ? serve(files.get(name)) : reject()))));
  }

  private static Route serve(ConsoleAsset asset) {
    // no-cache: the browser keeps the file but asks each time, so a new jar's console shows at once
    return conditional(
        EntityTag.create(asset.etag(), false),
        () ->
            complete(
                HttpResponse.create()
                    .withEntity(asset.contentType(), asset.bytes())
                    .addHeader(CacheControl.create(CacheDirectives.NO_CACHE))
                    .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"))
                    .addHeader(RawHeader.create("Content-Security-Policy", POLICY))));
  }
}
