package io.switchboard.request;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What an edge (HTTP, gRPC, the gateway) does to a request beside its streams. Thread-safe; every
 * method returns at once.
 */
public interface RequestSide {

  /**
   * Cancels a request whatever its callers' streams do (idempotent; an ended request stays as it
   * ended).
   */
  void cancel(String requestId, String reason);

  /**
   * Tells the request that its caller's connection dropped: it is cancelled after {@code
   * switchboard.requests.reattach-grace} unless a caller reattaches before then.
   */
  void detach(String requestId);

  /**
   * Returns the topic a request was sent to, for access checks: empty for an unknown id and for a
   * request stored before reply streams kept their topic.
   */
  CompletionStage<Optional<String>> topicOf(String requestId);
}
