package io.switchboard.runtime.gateway;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.request.ReplyChunk;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's replies that survive the loss of the node holding its reply stream: when reading fails
 * for want of an answer from the cluster (that node died or is cut off; its reply stream starts on
 * a surviving node once the cluster downs it), the front reads on after the last chunk it has, as a
 * caller of the request API would reattach. An OpenAI client cannot reattach, so the front does it
 * for it, within {@code resumeFor} of the first failure of a series.
 */
final class ResumingReplies {
  private static final Logger LOG = LoggerFactory.getLogger(ResumingReplies.class);

  /** Failures that say only that no node answered in time, not what became of the request. */
  private static final Set<ErrorCode> UNANSWERED =
      Set.of(ErrorCode.TIMEOUT, ErrorCode.NOT_READY, ErrorCode.PARTITION_UNREACHABLE);

  /**
   * Pause before reading again: a read that failed for want of an answer has already waited its ask
   * timeout, so this only keeps a failure that comes at once from turning into a busy loop.
   */
  private static final Duration PAUSE = Duration.ofMillis(500);

  private ResumingReplies() {}

  /**
   * Returns {@code accepted} (the call's source, materializing to its acceptance) read on through
   * {@code reattach(requestId, cursor)} after a failure for want of an answer, once the call was
   * accepted and within {@code resumeFor} of that failure (zero: never).
   */
  static Source<ReplyChunk, CompletionStage<Done>> of(
      Source<ReplyChunk, CompletionStage<Done>> accepted,
      String requestId,
      BiFunction<String, Long, Source<ReplyChunk, NotUsed>> reattach,
      Duration resumeFor,
      Clock clock) {
    if (resumeFor.isZero()) {
      return accepted;
    }
    AtomicLong cursor = new AtomicLong();
    AtomicLong failingSince = new AtomicLong(-1);
    AtomicReference<CompletionStage<Done>> stored = new AtomicReference<>();
    return accepted
        .mapMaterializedValue(
            acceptance -> {
              stored.set(acceptance);
              return acceptance;
            })
        .map(chunk -> read(chunk, cursor, failingSince))
        .recoverWithRetries(
            -1,
            new PFBuilder<Throwable, Graph<SourceShape<ReplyChunk>, NotUsed>>()
                .match(
                    Throwable.class,
                    failure ->
                        wasAccepted(stored.get())
                            && unanswered(failure)
                            && within(failingSince, resumeFor, clock),
                    failure -> readAgain(requestId, failure, reattach, cursor, failingSince))
                .build());
  }

  /** Reads on after the last chunk read, a moment after {@code failure}. */
  private static Source<ReplyChunk, NotUsed> readAgain(
      String requestId,
      Throwable failure,
      BiFunction<String, Long, Source<ReplyChunk, NotUsed>> reattach,
      AtomicLong cursor,
      AtomicLong failingSince) {
    LOG.info(
        "call {}: reading its answer again after chunk {} ({})",
        requestId,
        cursor.get(),
        failure.getMessage());
    return Source.single(NotUsed.getInstance())
        .initialDelay(PAUSE)
        .flatMapConcat(go -> reattach.apply(requestId, cursor.get()))
        .map(chunk -> read(chunk, cursor, failingSince));
  }

  private static ReplyChunk read(ReplyChunk chunk, AtomicLong cursor, AtomicLong failingSince) {
    cursor.set(chunk.seq());
    failingSince.set(-1); // a chunk came: the next failure starts a new series
    return chunk;
  }

  /** Whether the call was stored: before that, a failure is the call's refusal, not a read's. */
  private static boolean wasAccepted(CompletionStage<Done> acceptance) {
    return acceptance != null
        && acceptance.toCompletableFuture().isDone()
        && !acceptance.toCompletableFuture().isCompletedExceptionally();
  }

  static boolean unanswered(Throwable failure) {
    return OpenAiErrors.unwrap(failure) instanceof SwitchboardException e
        && UNANSWERED.contains(e.code());
  }

  private static boolean within(AtomicLong failingSince, Duration resumeFor, Clock clock) {
    long now = clock.millis();
    failingSince.compareAndSet(-1, now);
    return now - failingSince.get() < resumeFor.toMillis();
  }
}
