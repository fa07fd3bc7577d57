package io.switchboard.request;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * A request given to a worker. Answer with {@link #reply} (wait for each stage: that is the
 * backpressure of a caller that reads slowly), then {@link #complete} or {@link #fail}; either
 * settles the request. {@link #streamed()} holds what earlier workers already sent: continue after
 * it. {@link #cancelled()} completes with why the worker should stop (caller cancelled, deadline
 * passed, or the delivery was given to another worker after its lease ended); the request is then
 * settled for it. Thread-safe; stages may complete on an internal thread (chain with the {@code
 * *Async} forms).
 */
public final class RequestDelivery {
  private final Delivery delivery;
  private final RecipientRef<ReplyProtocol.Command> stream;
  private final int generation;
  private final List<ReplyChunk> streamed;
  private final Requests requests;
  private final AtomicLong nextSeq;
  private final AtomicBoolean settled = new AtomicBoolean();
  private final CompletableFuture<Outcome> cancelled = new CompletableFuture<>();
  private final AtomicLong renewedAtMillis;

  RequestDelivery(
      Delivery delivery,
      RecipientRef<ReplyProtocol.Command> stream,
      int generation,
      List<ReplyChunk> streamed,
      Requests requests,
      long nowMillis) {
    this.delivery = delivery;
    this.stream = stream;
    this.renewedAtMillis = new AtomicLong(nowMillis);
    this.generation = generation;
    this.streamed = List.copyOf(streamed);
    this.requests = requests;
    this.nextSeq = new AtomicLong(streamed.size() + 1L);
  }

  public String requestId() {
    return delivery.message().id();
  }

  public Message message() {
    return delivery.message();
  }

  /** Returns 1 for the first delivery of the request, 2 after one redelivery, and so on. */
  public int attempt() {
    return delivery.attempt();
  }

  /** Returns the chunks earlier deliveries of this request already streamed, in order. */
  public List<ReplyChunk> streamed() {
    return streamed;
  }

  int generation() {
    return generation;
  }

  Delivery delivery() {
    return delivery;
  }

  /** Returns true (once per interval) when the lease is due for renewal at {@code nowMillis}. */
  boolean renewalDue(long nowMillis, long intervalMillis) {
    long last = renewedAtMillis.get();
    return nowMillis - last >= intervalMillis && renewedAtMillis.compareAndSet(last, nowMillis);
  }

  /**
   * Sends the next chunk; completes once it is stored. Fails with CANCELLED or DEADLINE_EXCEEDED
   * when the worker should stop, PAYLOAD_TOO_LARGE over the message payload limit.
   */
  public CompletionStage<Done> reply(byte[] chunk) {
    SwitchboardException refused = requests.refusal(chunk);
    if (refused != null) {
      return CompletableFuture.failedFuture(
          refused); // before a seq is taken: the next chunk keeps its number
    }
    return watch(requests.append(stream, generation, nextSeq.getAndIncrement(), chunk));
  }

  public CompletionStage<Done> reply(String text) {
    return reply(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends the final reply and settles the request. */
  public CompletionStage<Done> complete(byte[] last) {
    return complete(last, null);
  }

  /**
   * Sends the final reply with the tokens the request used ({@code usage}, null: not reported); the
   * caller's final reply carries them and the node counts them. Settles the request.
   */
  public CompletionStage<Done> complete(byte[] last, Usage usage) {
    return settleAfter(requests.finish(stream, generation, Outcome.COMPLETED, null, last, usage));
  }

  public CompletionStage<Done> complete(String text) {
    return complete(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Ends the request with REQUEST_FAILED and {@code reason} for the caller, and settles it (no
   * redelivery).
   */
  public CompletionStage<Done> fail(String reason) {
    return fail(reason, null);
  }

  /**
   * As {@link #fail(String)}, with the tokens generated until the failure ({@code usage}, null: not
   * reported): the caller's error carries them ({@link RequestEndedException#usage()}) and the node
   * counts them.
   */
  public CompletionStage<Done> fail(String reason, Usage usage) {
    return settleAfter(requests.finish(stream, generation, Outcome.FAILED, reason, null, usage));
  }

  /**
   * Reports the tokens generated before this request was cancelled or timed out (after {@link
   * #cancelled()} completed with CANCELLED or DEADLINE_EXCEEDED); stored once with its end, so a
   * caller reading the end afterwards gets them and the node counts them. Fails INVALID_ARGUMENT
   * while the request runs (use {@link #complete(byte[], Usage)} or {@link #fail(String, Usage)})
   * and CANCELLED when the request was given to another worker.
   */
  public CompletionStage<Done> reportUsage(Usage usage) {
    return requests.reportUsage(stream, generation, usage);
  }

  /**
   * Completes with why this worker should stop: CANCELLED, DEADLINE_EXCEEDED, or SUPERSEDED (given
   * to another).
   */
  public CompletionStage<Outcome> cancelled() {
    return cancelled;
  }

  public boolean isCancelled() {
    return cancelled.isDone();
  }

  /** The reply stream said stop: settle the request (never redelivered) and tell the worker. */
  void stopped(Outcome outcome) {
    settle();
    requests.forget(this);
    cancelled.complete(outcome);
  }

  private CompletionStage<Done> watch(CompletionStage<Done> write) {
    return write.whenCompleteAsync(
        (done, failure) -> {
          if (failure != null) {
            stopOn(failure);
          } else {
            requests.renewIfDue(this); // progress: keep the request's lease
          }
        },
        requests.executor());
  }

  private CompletionStage<Done> settleAfter(CompletionStage<Done> write) {
    return write.whenCompleteAsync(
        (done, failure) -> {
          if (failure == null) {
            settle();
            requests.forget(this);
          } else {
            stopOn(failure);
          }
        },
        requests.executor());
  }

  private void stopOn(Throwable failure) {
    Throwable cause =
        failure.getCause() != null && !(failure instanceof SwitchboardException)
            ? failure.getCause()
            : failure;
    if (cause instanceof SwitchboardException e && e.code() == ErrorCode.CANCELLED) {
      stopped(Outcome.CANCELLED);
    } else if (cause instanceof SwitchboardException e && e.code() == ErrorCode.DEADLINE_EXCEEDED) {
      stopped(Outcome.DEADLINE_EXCEEDED);
    }
  }

  private void settle() {
    if (settled.compareAndSet(false, true)) {
      delivery.ack();
    }
  }
}
