package io.switchboard.runtime.http.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.message.Message;
import io.switchboard.topic.BacklogEntry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BacklogViewTest {

  private static BacklogView view(byte[] payload, int previewBytes) {
    Message message = Message.builder("t").payload(payload, "text/plain").build();
    return BacklogView.of(new BacklogEntry(0, 7, message), previewBytes);
  }

  @Test
  void leavesOutACharacterTheCutSplit() {
    byte[] text = "abé".getBytes(StandardCharsets.UTF_8); // é is two bytes
    BacklogView cut = view(text, 3);
    assertThat(cut.preview()).isEqualTo("ab");
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.payloadBytes()).isEqualTo(4);
    assertThat(view(text, 4).preview()).isEqualTo("abé");
    assertThat(view(text, 4).truncated()).isFalse();
  }

  @Test
  void showsBytesThatAreNotUtf8AsBase64AndNothingWithAZeroPreview() {
    BacklogView binary = view(new byte[] {(byte) 0xc3, 0x28, 1}, 2);
    assertThat(binary.preview()).isNull();
    assertThat(binary.previewBase64()).isEqualTo("wyg=");
    BacklogView none = view("hello".getBytes(StandardCharsets.UTF_8), 0);
    assertThat(none.preview()).isEmpty();
    assertThat(none.truncated()).isTrue();
  }
}
