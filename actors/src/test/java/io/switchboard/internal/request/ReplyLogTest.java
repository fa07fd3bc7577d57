package io.switchboard.internal.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.request.Outcome;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.Usage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The reply stream's state: what a cursor reads, when a reader is done, when it expires. */
class ReplyLogTest {

  private static ReplyLog withChunks(int n) {
    ReplyLog log = new ReplyLog("r1");
    log.apply(new ReplyEvent.Opened(1_000, 0, "chat"));
    log.apply(new ReplyEvent.Started(1));
    for (int i = 1; i <= n; i++) {
      log.apply(new ReplyEvent.Appended(("t" + i).getBytes(StandardCharsets.UTF_8)));
    }
    return log;
  }

  @Test
  void readsAtMostMaxChunksAfterTheCursorInOrder() {
    ReplyLog log = withChunks(5);
    assertThat(log.after(1, 3)).extracting(ReplyChunk::seq).containsExactly(2L, 3L, 4L);
    assertThat(log.after(5, 3)).isEmpty();
    assertThat(log.exhaustedAt(5)).isFalse(); // still open: more may come
  }

  @Test
  void theFinalReplyFollowsTheChunksAndEndsTheStream() {
    ReplyLog log = withChunks(2);
    log.apply(
        new ReplyEvent.Ended(
            Outcome.COMPLETED, null, "done".getBytes(StandardCharsets.UTF_8), 500));
    assertThat(log.after(0, 10)).extracting(ReplyChunk::last).containsExactly(false, false, true);
    assertThat(log.after(2, 10).get(0).text()).isEqualTo("done");
    assertThat(log.exhaustedAt(2)).isFalse();
    assertThat(log.exhaustedAt(3)).isTrue();
  }

  @Test
  void aFailedStreamIsExhaustedAfterItsLastChunkAndExpiresAfterTheRetention() {
    ReplyLog log = withChunks(2);
    log.apply(new ReplyEvent.Ended(Outcome.CANCELLED, "gone", new byte[0], 500));
    assertThat(log.after(2, 10)).isEmpty();
    assertThat(log.exhaustedAt(2)).isTrue();
    assertThat(log.expired(1_499, 1_000)).isFalse();
    assertThat(log.expired(1_500, 1_000)).isTrue();
  }

  @Test
  void keepsTheCallersWindowElseTheNodesAndCarriesTheUsageOnTheFinalReply() {
    ReplyLog own = new ReplyLog("r2");
    own.apply(new ReplyEvent.Opened(1_000, 0, "chat", 3, "acme"));
    assertThat(own.window(32)).isEqualTo(3);
    assertThat(own.tenant()).isEqualTo("acme");
    ReplyLog log = withChunks(1); // an Opened without a window, as before requests carried one
    assertThat(log.window(32)).isEqualTo(32);
    log.apply(new ReplyEvent.Ended(Outcome.COMPLETED, null, new byte[0], 500, Usage.of(12, 3)));
    assertThat(log.after(0, 10))
        .extracting(ReplyChunk::usage)
        .containsExactly(null, Usage.of(12, 3));
  }

  @Test
  void aDetachedCallersGraceEndsAtItsJournaledTimeUntilItReattachesOrTheRequestEnds() {
    ReplyLog log = withChunks(1);
    assertThat(log.detached()).isFalse();
    log.apply(new ReplyEvent.Detached(200, 30));
    assertThat(log.detached()).isTrue();
    assertThat(log.graceEndsAtMillis()).isEqualTo(230);
    log.apply(new ReplyEvent.Reattached(210));
    assertThat(log.detached()).isFalse();
    log.apply(new ReplyEvent.Detached(300, 30));
    log.apply(new ReplyEvent.Ended(Outcome.CANCELLED, "grace", new byte[0], 330));
    assertThat(log.detached()).isFalse(); // ended: nothing left to time
  }
}
