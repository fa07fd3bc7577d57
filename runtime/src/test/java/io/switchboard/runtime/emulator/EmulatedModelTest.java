package io.switchboard.runtime.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class EmulatedModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double B0 = 5e6;
  private static final double B1 = 0.5e6;
  private static final double B2 = 2e6;

  private static EmulatedModel model(int cachedConversations) {
    EmulatorSettings base = EmulatorSettings.defaults("m").withTiming(B0, B1, B2);
    return new EmulatedModel(
        new EmulatorSettings(
            "m",
            4096,
            base.timing(),
            16,
            64,
            0,
            4,
            cachedConversations,
            true,
            8,
            8,
            Fault.NONE,
            base.stallFor()));
  }

  private static ObjectNode chat(String... roleAndContent) {
    ObjectNode request = JSON.createObjectNode().put("model", "m").put("seed", 3);
    ArrayNode messages = request.putArray("messages");
    for (int i = 0; i < roleAndContent.length; i += 2) {
      messages.addObject().put("role", roleAndContent[i]).put("content", roleAndContent[i + 1]);
    }
    return request;
  }

  private static Turn plan(EmulatedModel model, JsonNode request) {
    return model.plan(request, Prompt.ofChat(request));
  }

  @Test
  void takesTheServiceModelsTimeToTheFirstTokenAndBetweenTokens() {
    Turn turn = plan(model(8), chat("system", "be brief", "user", "what is a partition"));
    assertThat(turn.promptTokens()).isEqualTo(2 + 1 + 4 + 1 + 1);
    assertThat(turn.cachedTokens()).isZero();
    assertThat(turn.firstTokenNanos()).isEqualTo((long) (B0 + B1 * 9));
    assertThat(turn.dueNanos(3) - turn.dueNanos(2)).isEqualTo((long) B2);
  }

  @Test
  void aSecondTurnReusesTheFirstTurnsPrefixInWholeBlocks() {
    EmulatedModel model = model(8);
    Turn first = plan(model, chat("system", "be brief", "user", "what is a partition"));
    String reply = first.reply().text();
    Turn second =
        plan(
            model,
            chat(
                "system",
                "be brief",
                "user",
                "what is a partition",
                "assistant",
                reply,
                "user",
                "and a topic"));
    int shared = first.promptTokens() + Prompt.words(reply).size();
    assertThat(second.cachedTokens()).isEqualTo(shared / 4 * 4).isPositive();
    assertThat(second.firstTokenNanos())
        .isEqualTo((long) (B0 + B1 * (second.promptTokens() - second.cachedTokens())))
        .isLessThan((long) (B0 + B1 * second.promptTokens()));
  }

  @Test
  void keysConversationsByUserWhenGivenAndCachesNothingWithoutRoom() {
    EmulatedModel model = model(8);
    plan(model, chat("user", "one two three four five six seven eight").put("user", "alice"));
    Turn other =
        plan(model, chat("user", "one two three four five six seven eight").put("user", "bob"));
    assertThat(other.cachedTokens()).isZero();
    Turn again =
        plan(model, chat("user", "one two three four five six seven eight").put("user", "alice"));
    assertThat(again.cachedTokens()).isEqualTo(8);

    EmulatedModel noCache = model(0);
    plan(noCache, chat("user", "one two three four five six seven eight"));
    assertThat(
            plan(noCache, chat("user", "one two three four five six seven eight")).cachedTokens())
        .isZero();
  }

  @Test
  void refusesWhatVllmRefuses() {
    EmulatedModel model = model(8);
    ObjectNode both = chat("user", "hi", "assistant", "so").put("continue_final_message", true);
    assertThatThrownBy(() -> plan(model, both))
        .isInstanceOf(OpenAiError.class)
        .hasMessageContaining("continue_final_message");
    ObjectNode other = chat("user", "hi").put("model", "other");
    assertThatThrownBy(() -> plan(model, other))
        .isInstanceOf(OpenAiError.class)
        .satisfies(e -> assertThat(((OpenAiError) e).status()).isEqualTo(404));
    ObjectNode zero = chat("user", "hi").put("max_tokens", 0);
    assertThatThrownBy(() -> plan(model, zero))
        .isInstanceOf(OpenAiError.class)
        .satisfies(e -> assertThat(((OpenAiError) e).status()).isEqualTo(400));
  }

  @Test
  void prefersMaxCompletionTokensToMaxTokens() {
    ObjectNode request = chat("user", "hi").put("max_tokens", 9).put("max_completion_tokens", 2);
    assertThat(plan(model(8), request).reply().completionTokens()).isEqualTo(2);
  }
}
