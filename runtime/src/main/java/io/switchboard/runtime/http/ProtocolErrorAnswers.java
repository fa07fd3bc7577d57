package io.switchboard.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Answers requests the HTTP parser refuses before any route sees them (a long URI, large or too
 * many headers, a bad request line) with the API's JSON error shape instead of plain text.
 * Configured as {@code pekko.http.server.parsing.error-handler}; pekko creates it by reflection.
 */
public final class ProtocolErrorAnswers extends ParsingErrorHandler {
  // pekko makes this with no arguments: an error body needs no limits, so a plain mapper does
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public HttpResponse handle(
      StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.debug("Refused an unparseable request with {}: {}", status.intValue(), info.summary());
    ErrorBody body = ErrorBody.of(ApiCodes.forStatus(status.intValue()), message(status, info));
    try {
      return HttpResponse.create()
          .withStatus(status.intValue())
          .withEntity(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize an error body", e);
    }
  }

  private static String message(StatusCode status, ErrorInfo info) {
    String summary = info.summary();
    return summary.isEmpty() ? status.reason() : summary;
  }
}
