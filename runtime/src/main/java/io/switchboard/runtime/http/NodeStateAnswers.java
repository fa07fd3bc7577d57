package io.switchboard.runtime.http;

import java.time.Duration;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;

/** The 503 answers of a node that is not ready: starting, or stopping. */
public final class NodeStateAnswers {
  private final Failures failures;
  private final long retryAfterSeconds;

  public NodeStateAnswers(Failures failures, Duration retryAfter) {
    this.failures = failures;
    this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }

  /** Returns the answer to a request that came before the node was ready. */
  public HttpResponse starting() {
    return failures
        .error(
            StatusCodes.SERVICE_UNAVAILABLE,
            "NOT_READY",
            "the node is starting: not yet Up in the cluster or its journal is not ready")
        .addHeader(RetryAfter.create(retryAfterSeconds));
  }

  /**
   * Returns the answer to a request that came after shutdown began; it closes the connection so
   * that the client's next request goes to a listener that still accepts, or is refused.
   */
  public HttpResponse stopping() {
    return failures
        .error(
            StatusCodes.SERVICE_UNAVAILABLE,
            ApiCodes.STOPPING,
            "the node is stopping: retry on another node")
        .addHeader(RetryAfter.create(retryAfterSeconds))
        .addHeader(Connection.create("close"));
  }
}
