package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.request.ReplyChunk;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The front reads a call's answer on after a read that no node answered, from the last chunk it
 * had, and only then: not before the call was stored, not for an answer's own error, not past the
 * resume timeout.
 */
class ResumingRepliesTest {
  private static final ActorSystem<Void> SYSTEM =
      ActorSystem.create(Behaviors.empty(), "resuming-replies-test");
  private static final Materializer MAT = Materializer.matFromSystem(SYSTEM);
  private static final SwitchboardException TIMEOUT =
      new SwitchboardException(ErrorCode.TIMEOUT, "no answer from the cluster in time");

  /** The cursors the front reattached with. */
  private final List<Long> reattachedAt = new ArrayList<>();

  @AfterAll
  static void stop() {
    SYSTEM.terminate();
  }

  @Test
  void readsOnAfterTheLastChunkWhenNoNodeAnswered() throws Exception {
    Source<ReplyChunk, CompletionStage<Done>> accepted = stored(failing(TIMEOUT, 1, 2));
    List<ReplyChunk> read =
        run(ResumingReplies.of(accepted, "r", reattach(4), Duration.ofMinutes(1), clock(0)));
    assertThat(read).extracting(ReplyChunk::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(read.get(3).last()).isTrue();
    assertThat(reattachedAt).containsExactly(2L);
  }

  @Test
  void aCallRefusedBeforeItWasStoredEndsWithItsRefusal() {
    Source<ReplyChunk, CompletionStage<Done>> refused =
        Source.<ReplyChunk>failed(TIMEOUT)
            .mapMaterializedValue(ignored -> CompletableFuture.failedFuture(TIMEOUT));
    assertThatThrownBy(
            () ->
                run(ResumingReplies.of(refused, "r", reattach(1), Duration.ofMinutes(1), clock(0))))
        .hasRootCauseInstanceOf(SwitchboardException.class);
    assertThat(reattachedAt).isEmpty();
  }

  @Test
  void anAnswersOwnErrorIsNotReadAgain() {
    SwitchboardException failed =
        new SwitchboardException(ErrorCode.REQUEST_FAILED, "the backend said 400");
    assertThatThrownBy(
            () ->
                run(
                    ResumingReplies.of(
                        stored(failing(failed, 1)),
                        "r",
                        reattach(2),
                        Duration.ofMinutes(1),
                        clock(0))))
        .hasRootCauseMessage("the backend said 400");
    assertThat(reattachedAt).isEmpty();
  }

  @Test
  void givesUpOnceTheResumeTimeoutHasPassedWithoutAChunk() {
    // every reattach fails too, and each failure finds the clock a minute later
    long[] now = {0};
    Clock moving =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            now[0] += 40_000;
            return Instant.ofEpochMilli(now[0]);
          }
        };
    BiFunction<String, Long, Source<ReplyChunk, NotUsed>> neverAnswers =
        (id, cursor) -> {
          reattachedAt.add(cursor);
          return Source.failed(TIMEOUT);
        };
    assertThatThrownBy(
            () ->
                run(
                    ResumingReplies.of(
                        stored(failing(TIMEOUT, 1)),
                        "r",
                        neverAnswers,
                        Duration.ofMinutes(1),
                        moving)))
        .hasRootCauseMessage(TIMEOUT.getMessage());
    // the first failure and the next, 40 s later, are read again; the third, 80 s after the
    // first, is past the minute
    assertThat(reattachedAt).containsExactly(1L, 1L);
  }

  @Test
  void zeroTurnsItOff() {
    assertThatThrownBy(
            () ->
                run(
                    ResumingReplies.of(
                        stored(failing(TIMEOUT, 1)), "r", reattach(2), Duration.ZERO, clock(0))))
        .hasRootCauseMessage(TIMEOUT.getMessage());
    assertThat(reattachedAt).isEmpty();
  }

  private static Source<ReplyChunk, NotUsed> failing(Throwable failure, long... seqs) {
    List<ReplyChunk> chunks = new ArrayList<>();
    for (long seq : seqs) {
      chunks.add(new ReplyChunk("r", seq, new byte[0], false));
    }
    // lazily: an eager failed source fails the concatenation before the chunks ahead of it
    return Source.from(chunks).concat(Source.lazySource(() -> Source.failed(failure)));
  }

  private static Source<ReplyChunk, CompletionStage<Done>> stored(
      Source<ReplyChunk, NotUsed> chunks) {
    return chunks.mapMaterializedValue(
        ignored -> CompletableFuture.completedFuture(Done.getInstance()));
  }

  /**
   * A reattach to an answer of chunks 1 to {@code last} (the final reply): those after the cursor.
   */
  private BiFunction<String, Long, Source<ReplyChunk, NotUsed>> reattach(long last) {
    return (id, cursor) -> {
      reattachedAt.add(cursor);
      List<ReplyChunk> chunks = new ArrayList<>();
      for (long seq = cursor + 1; seq <= last; seq++) {
        chunks.add(new ReplyChunk(id, seq, new byte[0], seq == last));
      }
      return Source.from(chunks);
    };
  }

  private static Clock clock(long millis) {
    return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  private static List<ReplyChunk> run(Source<ReplyChunk, CompletionStage<Done>> replies)
      throws Exception {
    return replies.runWith(Sink.seq(), MAT).toCompletableFuture().get(10, TimeUnit.SECONDS).stream()
        .toList();
  }
}
