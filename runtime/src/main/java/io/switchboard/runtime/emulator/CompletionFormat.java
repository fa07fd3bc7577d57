package io.switchboard.runtime.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code POST /v1/completions}: a prompt in, {@code text_completion} or its chunks out. */
final class CompletionFormat implements TurnFormat {

  @Override
  public Prompt prompt(JsonNode request, EmulatorSettings settings) {
    // a plain prompt has no first user message: its first block names the conversation
    return Prompt.ofCompletion(request, settings.blockSize());
  }

  @Override
  public String idPrefix() {
    return "cmpl-";
  }

  @Override
  public String chunkObject() {
    return "text_completion";
  }

  @Override
  public ObjectNode whole(ObjectNode head, Turn turn, Prompt prompt, boolean details) {
    ObjectNode answer = head.deepCopy();
    answer
        .putArray("choices")
        .addObject()
        .put("index", 0)
        .put("text", turn.reply().text())
        .putNull("logprobs")
        .put("finish_reason", turn.reply().finishReason())
        .put("stop_reason", turn.reply().stopReason())
        .putNull("prompt_logprobs");
    answer.putNull("service_tier").putNull("system_fingerprint");
    answer.set("usage", OpenAiJson.usage(turn, details, false));
    return answer.putNull("kv_transfer_params");
  }

  @Override
  public List<ObjectNode> opening(ObjectNode head, Prompt prompt) {
    return List.of();
  }

  @Override
  public ObjectNode token(ObjectNode head, Turn turn, int index) {
    ObjectNode chunk = head.deepCopy();
    boolean last = index == turn.reply().completionTokens() - 1;
    chunk
        .putArray("choices")
        .addObject()
        .put("index", 0)
        .put("text", turn.reply().deltas().get(index))
        .putNull("logprobs")
        .put("finish_reason", last ? turn.reply().finishReason() : null)
        .put("stop_reason", last ? turn.reply().stopReason() : null);
    return chunk.putNull("usage");
  }
}
