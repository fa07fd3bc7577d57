package io.switchboard.runtime.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;

import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;

/** Answers requests no endpoint took with the API's JSON errors instead of Pekko's text. */
final class RejectionAnswers {
  private final Failures failures;

  RejectionAnswers(Failures failures) {
    this.failures = failures;
  }

  RejectionHandler handler() {
    return RejectionHandler.newBuilder()
        .handleAll(
            MethodRejection.class,
            rejections ->
                complete(
                    failures.error(
                        StatusCodes.METHOD_NOT_ALLOWED,
                        ApiCodes.METHOD_NOT_ALLOWED,
                        "method not allowed here; allowed: "
                            + rejections.stream()
                                .map(r -> r.supported().name())
                                .distinct()
                                .sorted()
                                .collect(Collectors.joining(", ")))))
        .handle(
            Rejection.class,
            rejection ->
                complete(
                    failures.error(
                        StatusCodes.BAD_REQUEST, "INVALID_ARGUMENT", describe(rejection))))
        .handleNotFound(
            complete(
                failures.error(
                    StatusCodes.NOT_FOUND, ApiCodes.NOT_FOUND, "no endpoint has this path")))
        .build();
  }

  private static String describe(Rejection rejection) {
    String name = rejection.getClass().getSimpleName().replace("Rejection", "");
    if (name.contains("WebSocket")) {
      return "this endpoint only takes WebSocket upgrade requests";
    }
    return "request refused: " + name;
  }
}
