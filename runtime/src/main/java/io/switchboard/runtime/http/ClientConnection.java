package io.switchboard.runtime.http;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * The client connection a request came on, as an attribute of the request: a route whose answer
 * takes long (a whole LLM answer) learns through it that the caller went away before the answer,
 * which pekko-http does not otherwise tell a route. Thread-safe.
 */
public final class ClientConnection {
  static final AttributeKey<ClientConnection> KEY =
      AttributeKey.create("switchboard-client-connection", ClientConnection.class);

  private final Set<Runnable> onClose = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Returns the connection {@code request} came on, or empty for a request not read from one. */
  public static Optional<ClientConnection> of(HttpRequest request) {
    return request.getAttribute(KEY);
  }

  /**
   * Runs {@code action} once the connection closes (at once if it has); returns what takes the
   * action back, for a request answered before that.
   */
  public Runnable whenClosed(Runnable action) {
    onClose.add(action);
    if (closed && onClose.remove(action)) {
      action.run();
    }
    return () -> onClose.remove(action);
  }

  void close() {
    closed = true;
    for (Runnable action : onClose) {
      if (onClose.remove(action)) {
        action.run();
      }
    }
  }
}
