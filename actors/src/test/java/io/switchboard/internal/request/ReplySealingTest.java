package io.switchboard.internal.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.atrest.AtRestSettings;
import io.switchboard.atrest.PayloadSealer;
import io.switchboard.request.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplySealingTest {
  private static final byte[] CHUNK =
      "the answer, with personal data in it".getBytes(StandardCharsets.UTF_8);
  private final PayloadSealer sealer = sealer();

  @Test
  void sealsTheChunksAndFinalReplyOfACoveredTopicAndOpensThemOnRecovery() {
    ReplySealing writer = new ReplySealing("req-1", sealer);
    ReplyEvent.Opened opened = new ReplyEvent.Opened(10, 1, "chat.requests");
    assertThat(writer.toJournal(opened)).isSameAs(opened);
    assertThat(writer.manifest(opened)).isEmpty();

    ReplyEvent.Appended chunk = new ReplyEvent.Appended(CHUNK);
    ReplyEvent.Appended stored = (ReplyEvent.Appended) writer.toJournal(chunk);
    assertThat(writer.manifest(chunk)).isEqualTo(ReplySealing.SEALED);
    assertThat(new String(stored.payload(), StandardCharsets.ISO_8859_1))
        .doesNotContain("personal data");
    ReplyEvent.Ended end = new ReplyEvent.Ended(Outcome.COMPLETED, null, CHUNK, 5);
    ReplyEvent.Ended storedEnd = (ReplyEvent.Ended) writer.toJournal(end);
    assertThat(storedEnd.payload()).isNotEqualTo(CHUNK);

    // recovery: a fresh adapter, the events in order
    ReplySealing reader = new ReplySealing("req-1", sealer);
    assertThat(reader.fromJournal(opened, "").events().head()).isEqualTo(opened);
    assertThat(reader.fromJournal(stored, ReplySealing.SEALED).events().head()).isEqualTo(chunk);
    assertThat(reader.fromJournal(storedEnd, ReplySealing.SEALED).events().head()).isEqualTo(end);
  }

  @Test
  void storesRepliesOfOtherTopicsAndOlderEventsAsTheyAre() {
    ReplySealing writer = new ReplySealing("req-2", sealer);
    writer.toJournal(new ReplyEvent.Opened(10, 1, "metrics"));
    ReplyEvent.Appended chunk = new ReplyEvent.Appended(CHUNK);
    assertThat(writer.toJournal(chunk)).isSameAs(chunk);
    assertThat(writer.manifest(chunk)).isEmpty();
    // a stream opened before streams kept their topic: nothing to match, stored as it is
    ReplySealing old = new ReplySealing("req-3", sealer);
    old.toJournal(new ReplyEvent.Opened(10, 1, null));
    assertThat(old.toJournal(chunk)).isSameAs(chunk);
    assertThat(new ReplySealing("req-3", sealer).fromJournal(chunk, "").events().head())
        .isSameAs(chunk);
  }

  @Test
  void refusesAChunkMovedToAnotherRequestOrReadWithoutTheSealer() {
    ReplySealing writer = new ReplySealing("req-1", sealer);
    writer.toJournal(new ReplyEvent.Opened(10, 1, "chat.requests"));
    ReplyEvent stored = writer.toJournal(new ReplyEvent.Appended(CHUNK));
    assertThatThrownBy(() -> new ReplySealing("req-9", sealer).fromJournal(stored, "sealed-1"))
        .hasMessageContaining("was altered");
    assertThatThrownBy(() -> new ReplySealing("req-1", null).fromJournal(stored, "sealed-1"))
        .hasMessageContaining("switchboard.at-rest is off");
  }

  private static PayloadSealer sealer() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String keys = "k1 " + Base64.getEncoder().encodeToString(key);
    AtRestSettings settings =
        new AtRestSettings(
            List.of("chat.*"),
            AtRestSettings.Compression.LZ4,
            0,
            true,
            Optional.empty(),
            "REPLY_SEALING_TEST_KEYS");
    return PayloadSealer.of(settings, name -> keys).orElseThrow();
  }
}
