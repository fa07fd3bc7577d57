package io.switchboard.request;

import io.switchboard.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * A request given to a worker. Answer with {@link #reply} (wait for each stage: that is the
 * backpressure of a caller that reads slowly), then {@link #complete} or {@link #fail}; either
 * settles the request. {@link #streamed()} holds what earlier workers already sent: continue after
 * it. {@link #cancelled()} completes with why the worker should stop (caller cancelled, deadline
 * passed, or the delivery was given to another worker after its lease ended); the request is then
 * settled for it. Thread-safe; stages may complete on an internal thread (chain with the {@code
 * *Async} forms).
 */
public interface RequestDelivery {

  /** Returns the request's id (its message's id). */
  String requestId();

  /** Returns the request message. */
  Message message();

  /** Returns 1 for the first delivery of the request, 2 after one redelivery, and so on. */
  int attempt();

  /** Returns the chunks earlier deliveries of this request already streamed, in order. */
  List<ReplyChunk> streamed();

  /**
   * Sends the next chunk; completes once it is stored. Fails with CANCELLED or DEADLINE_EXCEEDED
   * when the worker should stop, PAYLOAD_TOO_LARGE over the message payload limit. Fails with
   * TIMEOUT (NOT_READY, PARTITION_UNREACHABLE) when the request's reply stream did not answer (its
   * node died or is cut off): the worker should stop too, since whether the chunk was stored is
   * unknown; the request is given back at once ({@link #cancelled()} completes with SUPERSEDED) and
   * its next delivery continues after the chunks the stream has.
   */
  CompletionStage<Done> reply(byte[] chunk);

  /** Sends the next chunk as UTF-8 text (see {@link #reply(byte[])}). */
  default CompletionStage<Done> reply(String text) {
    return reply(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the final reply and settles the request. */
  default CompletionStage<Done> complete(byte[] last) {
    return complete(last, null);
  }

  /**
   * Sends the final reply with the tokens the request used ({@code usage}, null: not reported); the
   * caller's final reply carries them and the node counts them. Settles the request.
   */
  CompletionStage<Done> complete(byte[] last, Usage usage);

  /** Sends the final reply as UTF-8 text and settles the request. */
  default CompletionStage<Done> complete(String text) {
    return complete(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Ends the request with REQUEST_FAILED and {@code reason} for the caller, and settles it (no
   * redelivery).
   */
  default CompletionStage<Done> fail(String reason) {
    return fail(reason, null);
  }

  /**
   * As {@link #fail(String)}, with the tokens generated until the failure ({@code usage}, null: not
   * reported): the caller's error carries them ({@link RequestEndedException#usage()}) and the node
   * counts them.
   */
  CompletionStage<Done> fail(String reason, Usage usage);

  /**
   * Reports the tokens generated before this request was cancelled or timed out (after {@link
   * #cancelled()} completed with CANCELLED or DEADLINE_EXCEEDED); stored once with its end, so a
   * caller reading the end afterwards gets them and the node counts them. Fails INVALID_ARGUMENT
   * while the request runs (use {@link #complete(byte[], Usage)} or {@link #fail(String, Usage)})
   * and CANCELLED when the request was given to another worker.
   */
  CompletionStage<Done> reportUsage(Usage usage);

  /**
   * Completes with why this worker should stop: CANCELLED, DEADLINE_EXCEEDED, or SUPERSEDED (given
   * to another).
   */
  CompletionStage<Outcome> cancelled();

  /** Returns true once {@link #cancelled()} has completed. */
  default boolean isCancelled() {
    return cancelled().toCompletableFuture().isDone();
  }
}
