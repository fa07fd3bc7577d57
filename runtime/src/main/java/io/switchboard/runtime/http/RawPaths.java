package io.switchboard.runtime.http;

import java.util.Locale;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Checks the request path as the client sent it. Pekko's URI model resolves {@code .} and {@code
 * ..} before routing, so {@code /v1/topics/t1/groups/../../t2} would reach topic t2: such paths are
 * refused instead, from the {@code Raw-Request-URI} header ({@code
 * pekko.http.server.raw-request-uri-header = on}).
 */
final class RawPaths {
  private static final String HEADER = "raw-request-uri";

  private RawPaths() {}

  /** Returns why the request's raw path is refused, or empty when it is plain. */
  static Optional<String> problem(HttpRequest request) {
    Optional<HttpHeader> raw = request.getHeader(HEADER);
    String path =
        raw.map(header -> pathOf(header.value())).orElseGet(() -> request.getUri().path());
    boolean api = path.startsWith("/v1/") || path.equals("/v1");
    String[] segments = path.split("/", -1);
    // segments[0] is the empty text before the leading slash
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i].toLowerCase(Locale.ROOT).replace("%2e", ".");
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of(
            "the path has a '" + segments[i] + "' segment; send the path it stands for");
      }
      if (api && segment.isEmpty()) {
        return Optional.of("the path has an empty segment (a doubled or trailing '/')");
      }
    }
    return Optional.empty();
  }

  /** Returns the path of a request target: origin form, or the path of an absolute URI. */
  private static String pathOf(String target) {
    String path = target;
    int scheme = path.indexOf("://");
    if (!path.startsWith("/") && scheme >= 0) {
      int slash = path.indexOf('/', scheme + 3);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    int query = indexOfAny(path, '?', '#');
    return query < 0 ? path : path.substring(0, query);
  }

  private static int indexOfAny(String text, char first, char second) {
    int a = text.indexOf(first);
    int b = text.indexOf(second);
    return a < 0 ? b : (b < 0 ? a : Math.min(a, b));
  }
}
