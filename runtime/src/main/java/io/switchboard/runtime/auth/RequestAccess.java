package io.switchboard.runtime.auth;

import io.switchboard.request.RequestSide;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The right to a request by its id (reattach, cancel): {@code produce} on the topic the request was
 * sent to, which its reply stream keeps. The routes answer a refusal exactly as they answer an
 * unknown id, so a principal learns nothing of requests on topics it may not use.
 */
public final class RequestAccess {
  private final RequestSide requests;
  private final Executor executor;

  public RequestAccess(RequestSide requests, Executor executor) {
    this.requests = requests;
    this.executor = executor;
  }

  /** Completes with whether {@code principal} may read or cancel request {@code requestId}. */
  public CompletionStage<Boolean> mayUse(Principal principal, String requestId) {
    if (principal.mayEverywhere(Right.PRODUCE)) {
      return CompletableFuture.completedFuture(true); // no need to ask the reply stream
    }
    // A stream stored before streams kept their topic has none: only produce on * reaches it.
    return requests
        .topicOf(requestId)
        .thenApplyAsync(
            topic -> topic.map(t -> principal.may(Right.PRODUCE, t)).orElse(false), executor);
  }
}
