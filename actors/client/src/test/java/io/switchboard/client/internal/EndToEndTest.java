package io.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.SwitchboardException;
import io.switchboard.atrest.AtRestSettings.Compression;
import io.switchboard.atrest.KeyRing;
import io.switchboard.client.ClientEncryption;
import io.switchboard.message.Message;
import io.switchboard.request.ReplyChunk;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndToEndTest {
  private static final byte[] TEXT =
      "a prompt with personal data in it. ".repeat(100).getBytes(StandardCharsets.UTF_8);
  private static final String K1 = key(32);
  private static final String K2 = key(16);

  private final EndToEnd k1 = codec("k1 " + K1, Compression.LZ4);
  private final EndToEnd rotated = codec("k1 " + K1 + ";k2 " + K2, Compression.ZSTD);

  @Test
  void sealsAPayloadSoThatOnlyTheKeysOpenIt() {
    Message message = message("chat", TEXT);
    Message sealed = k1.seal(message);
    assertThat(sealed.headers()).containsEntry(EndToEnd.KEY_HEADER, "k1").containsEntry("h", "v");
    assertThat(sealed.payload().length).isLessThan(TEXT.length / 4);
    assertThat(new String(sealed.payload(), StandardCharsets.ISO_8859_1))
        .doesNotContain("personal data");
    Message opened = rotated.open(sealed);
    assertThat(opened.payload()).isEqualTo(TEXT);
    assertThat(opened.headers()).isEqualTo(Map.of("h", "v"));
    assertThat(opened.id()).isEqualTo(message.id());
  }

  @Test
  void aRotatedRingEncryptsUnderTheNewKeyAndStillOpensTheOld() {
    Message underK2 = rotated.seal(message("chat", TEXT));
    assertThat(underK2.headers()).containsEntry(EndToEnd.KEY_HEADER, "k2");
    assertThat(rotated.open(underK2).payload()).isEqualTo(TEXT);
    assertThat(rotated.open(k1.seal(message("chat", TEXT))).payload()).isEqualTo(TEXT);
    assertThatThrownBy(() -> k1.open(underK2))
        .isInstanceOf(SwitchboardException.class)
        .hasMessageContaining("encrypted under key 'k2', which is not among the end-to-end keys");
  }

  @Test
  void refusesAPayloadAlteredOrMovedToAnotherMessage() {
    Message sealed = k1.seal(message("chat", TEXT));
    byte[] altered = sealed.payload().clone();
    altered[altered.length - 1] ^= 1;
    assertThatThrownBy(() -> k1.open(sealed.withPayload(altered)))
        .hasMessageContaining("its payload was altered")
        .hasMessageContaining("not delivered");
    Message moved =
        new Message(
            "another-id",
            "chat",
            null,
            null,
            null,
            null,
            sealed.headers(),
            sealed.payload(),
            null,
            null,
            null);
    assertThatThrownBy(() -> k1.open(moved)).hasMessageContaining("its payload was altered");
  }

  @Test
  void refusesPlaintextOnACoveredTopicAndPassesOthers() {
    EndToEnd chatOnly =
        new EndToEnd(
            ClientEncryption.OFF.forTopics(List.of("chat.*")),
            KeyRing.parse("k1 " + K1, "E2E_TEST_KEYS"));
    Message plain = message("chat.requests", TEXT);
    assertThatThrownBy(() -> chatOnly.open(plain))
        .hasMessageContaining("arrived without end-to-end encryption");
    Message metrics = message("metrics", TEXT);
    assertThat(chatOnly.seal(metrics)).isSameAs(metrics);
    assertThat(chatOnly.open(metrics)).isSameAs(metrics);
    // a header that claims encryption over a payload that is not: refused, not passed as plaintext
    Message claimed = plain.withHeaders(Map.of(EndToEnd.KEY_HEADER, "k1"));
    assertThatThrownBy(() -> chatOnly.open(claimed)).isInstanceOf(SwitchboardException.class);
  }

  @Test
  void bindsReplyChunksToTheirRequest() {
    byte[] sealed = k1.sealReply("req-1", TEXT);
    assertThat(rotated.openReply(new ReplyChunk("req-1", 1, sealed, false)).payload())
        .isEqualTo(TEXT);
    assertThatThrownBy(() -> k1.openReply(new ReplyChunk("req-2", 1, sealed, false)))
        .hasMessageContaining("its payload was altered");
    // a request's own sealed payload is no reply of it
    Message request = k1.seal(message("chat", TEXT));
    assertThatThrownBy(
            () -> k1.openReply(new ReplyChunk(request.id(), 1, request.payload(), false)))
        .hasMessageContaining("its payload was altered");
  }

  private static EndToEnd codec(String keys, Compression compression) {
    return new EndToEnd(
        ClientEncryption.OFF.withCompression(compression, 1024),
        KeyRing.parse(keys, "E2E_TEST_KEYS"));
  }

  private static Message message(String topic, byte[] payload) {
    return Message.builder(topic).payload(payload, "text/plain").header("h", "v").build();
  }

  private static String key(int bytes) {
    byte[] key = new byte[bytes];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
