package io.switchboard.client;

import io.switchboard.message.Message;
import io.switchboard.request.Outcome;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * A request given to a remote worker ({@link SwitchboardClient#requests}), as the library's {@code
 * RequestDelivery}: answer with {@link #reply} (wait for each stage: it completes once the chunk is
 * stored, and that is the caller's backpressure), then {@link #complete} or {@link #fail}. {@link
 * #cancelled()} completes with why to stop (CANCELLED, DEADLINE_EXCEEDED, SUPERSEDED). Thread-safe;
 * stages complete on the client's executor.
 */
public interface RemoteRequest {

  String requestId();

  Message message();

  /** Returns 1 for the first delivery of the request, 2 after one redelivery, and so on. */
  int attempt();

  /**
   * Returns the chunks earlier deliveries of this request already streamed, in order: continue
   * after them.
   */
  List<ReplyChunk> streamed();

  /**
   * Sends the next chunk; completes once stored, fails CANCELLED, PAYLOAD_TOO_LARGE,
   * UNKNOWN_REQUEST, ...
   */
  CompletionStage<Done> reply(byte[] chunk);

  default CompletionStage<Done> reply(String text) {
    return reply(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the final reply; the request is settled once it is stored. */
  default CompletionStage<Done> complete(byte[] last) {
    return complete(last, null);
  }

  /**
   * Sends the final reply with the tokens the request used ({@code usage}, null: not reported): the
   * node counts them and the caller's final reply carries them. Settled once stored.
   */
  CompletionStage<Done> complete(byte[] last, Usage usage);

  default CompletionStage<Done> complete(String text) {
    return complete(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Ends the request with REQUEST_FAILED and {@code reason} for the caller (settled, not
   * redelivered).
   */
  default CompletionStage<Done> fail(String reason) {
    return fail(reason, null);
  }

  /**
   * As {@link #fail(String)}, with the tokens generated until the failure ({@code usage}, null: not
   * reported): the node counts them and the caller's error carries them ({@code
   * RequestEndedException.usage()}).
   */
  CompletionStage<Done> fail(String reason, Usage usage);

  /**
   * Reports the tokens generated before the request was stopped ({@link #cancelled()} with
   * CANCELLED or DEADLINE_EXCEEDED); stored once with its end and counted by the node. Fails
   * INVALID_ARGUMENT while the request runs (use complete or fail with usage).
   */
  CompletionStage<Done> reportUsage(Usage usage);

  /** Completes with why this worker should stop. */
  CompletionStage<Outcome> cancelled();
}
