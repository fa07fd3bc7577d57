package io.switchboard.runtime.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyGeneratorTest {
  private static final List<String> PROMPT = List.of("<|user|>", "hello", "there", "<|assistant|>");
  private final ReplyGenerator generator = new ReplyGenerator(16, 64);

  @Test
  void writesTheSameReplyForTheSameSeedAndPrompt() {
    assertThat(generator.generate(9, PROMPT, 0, 100, List.of()))
        .isEqualTo(generator.generate(9, PROMPT, 0, 100, List.of()));
    assertThat(generator.generate(9, PROMPT, 0, 100, List.of()).text())
        .isNotEqualTo(generator.generate(10, PROMPT, 0, 100, List.of()).text());
  }

  @Test
  void endsWithAnEndOfSequenceTokenWithinTheConfiguredLength() {
    Reply reply = generator.generate(1, PROMPT, 0, 1000, List.of());
    assertThat(reply.finishReason()).isEqualTo("stop");
    assertThat(reply.stopReason()).isNull();
    assertThat(reply.deltas()).last().isEqualTo("");
    assertThat(reply.completionTokens()).isBetween(17, 65);
    assertThat(Prompt.words(reply.text())).hasSize(reply.completionTokens() - 1);
  }

  @Test
  void stopsAtMaxTokensWithLength() {
    Reply reply = generator.generate(1, PROMPT, 0, 5, List.of());
    assertThat(reply.finishReason()).isEqualTo("length");
    assertThat(reply.completionTokens()).isEqualTo(5);
  }

  @Test
  void continuesFromAnyPrefixAsTheUnbrokenReply() {
    Reply whole = generator.generate(4, PROMPT, 0, 1000, List.of());
    for (int cut = 1; cut < whole.completionTokens() - 1; cut++) {
      String prefix = String.join("", whole.deltas().subList(0, cut));
      Reply rest = generator.generate(4, PROMPT, cut, 1000, List.of());
      assertThat(prefix + rest.text()).as("cut after %d tokens", cut).isEqualTo(whole.text());
      assertThat(rest.completionTokens()).isEqualTo(whole.completionTokens() - cut);
    }
  }

  @Test
  void endsBeforeAStopStringAndNamesIt() {
    Reply whole = generator.generate(2, PROMPT, 0, 1000, List.of());
    String stop = Prompt.words(whole.text()).get(6);
    Reply stopped = generator.generate(2, PROMPT, 0, 1000, List.of("zzz", stop));
    assertThat(stopped.finishReason()).isEqualTo("stop");
    assertThat(stopped.stopReason()).isEqualTo(stop);
    assertThat(whole.text()).startsWith(stopped.text() + stop);
    assertThat(stopped.text()).doesNotContain(stop);
  }
}
