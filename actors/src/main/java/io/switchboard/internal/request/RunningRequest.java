package io.switchboard.internal.request;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.request.Outcome;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.Usage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * The {@link RequestDelivery} a worker holds: writes its chunks and end to the request's reply
 * stream through {@link Requests}, and settles the delivery once the request has ended.
 */
final class RunningRequest implements RequestDelivery {
  private final Delivery delivery;
  private final RecipientRef<ReplyProtocol.Command> stream;
  private final int generation;
  private final List<ReplyChunk> streamed;
  private final Requests requests;
  private final AtomicLong nextSeq;
  private final AtomicBoolean settled = new AtomicBoolean();
  private final CompletableFuture<Outcome> cancelled = new CompletableFuture<>();
  private final AtomicLong renewedAtMillis;

  /** Write failures that say only that the reply stream did not answer in time. */
  private static final Set<ErrorCode> UNANSWERED =
      Set.of(ErrorCode.TIMEOUT, ErrorCode.NOT_READY, ErrorCode.PARTITION_UNREACHABLE);

  RunningRequest(
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

  @Override
  public String requestId() {
    return delivery.message().id();
  }

  @Override
  public Message message() {
    return delivery.message();
  }

  @Override
  public int attempt() {
    return delivery.attempt();
  }

  @Override
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

  @Override
  public CompletionStage<Done> reply(byte[] chunk) {
    SwitchboardException refused = requests.refusal(chunk);
    if (refused != null) {
      return CompletableFuture.failedFuture(
          refused); // before a seq is taken: the next chunk keeps its number
    }
    return watch(requests.append(stream, generation, nextSeq.getAndIncrement(), chunk));
  }

  @Override
  public CompletionStage<Done> complete(byte[] last, Usage usage) {
    return settleAfter(requests.finish(stream, generation, Outcome.COMPLETED, null, last, usage));
  }

  @Override
  public CompletionStage<Done> fail(String reason, Usage usage) {
    return settleAfter(requests.finish(stream, generation, Outcome.FAILED, reason, null, usage));
  }

  @Override
  public CompletionStage<Done> reportUsage(Usage usage) {
    return requests.reportUsage(stream, generation, usage);
  }

  @Override
  public CompletionStage<Outcome> cancelled() {
    return cancelled;
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
    } else if (cause instanceof SwitchboardException e && UNANSWERED.contains(e.code())) {
      givenBack();
    }
  }

  /**
   * A write the reply stream did not answer (its node died or is cut off): whether the chunk was
   * stored is unknown, so this worker cannot go on. The request goes back to its group now rather
   * than when its ack-lease ends (held otherwise, since nothing settles it); its next delivery
   * starts a new generation with the chunks the stream has, once the stream answers again.
   */
  private void givenBack() {
    if (settled.compareAndSet(false, true)) {
      delivery.nack();
    }
    requests.forget(this);
    cancelled.complete(Outcome.SUPERSEDED);
  }

  private void settle() {
    if (settled.compareAndSet(false, true)) {
      delivery.ack();
    }
  }
}
