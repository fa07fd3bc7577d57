package io.switchboard.runtime.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code POST /v1/chat/completions}: messages in, {@code chat.completion} or its chunks out. */
final class ChatFormat implements TurnFormat {

  @Override
  public Prompt prompt(JsonNode request, EmulatorSettings settings) {
    return Prompt.ofChat(request);
  }

  @Override
  public String idPrefix() {
    return "chatcmpl-";
  }

  @Override
  public String chunkObject() {
    return "chat.completion.chunk";
  }

  @Override
  public ObjectNode whole(ObjectNode head, Turn turn, Prompt prompt, boolean details) {
    ObjectNode answer = head.deepCopy().put("object", "chat.completion");
    ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
    ObjectNode message =
        choice
            .putObject("message")
            .put("role", prompt.role())
            .put("content", turn.reply().text())
            .putNull("refusal")
            .putNull("annotations")
            .putNull("audio")
            .putNull("function_call");
    message.putArray("tool_calls");
    message.putNull("reasoning_content");
    choice
        .putNull("logprobs")
        .put("finish_reason", turn.reply().finishReason())
        .put("stop_reason", turn.reply().stopReason())
        .putNull("token_ids");
    answer.putNull("service_tier").putNull("system_fingerprint");
    answer.set("usage", OpenAiJson.usage(turn, details, false));
    return answer
        .putNull("prompt_logprobs")
        .putNull("prompt_token_ids")
        .putNull("kv_transfer_params");
  }

  @Override
  public List<ObjectNode> opening(ObjectNode head, Prompt prompt) {
    ObjectNode chunk = head.deepCopy();
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.putObject("delta").put("role", prompt.role()).put("content", "");
    choice.putNull("logprobs").putNull("finish_reason");
    chunk.putNull("prompt_token_ids");
    return List.of(chunk);
  }

  @Override
  public ObjectNode token(ObjectNode head, Turn turn, int index) {
    ObjectNode chunk = head.deepCopy();
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.putObject("delta").put("content", turn.reply().deltas().get(index));
    choice.putNull("logprobs");
    if (index == turn.reply().completionTokens() - 1) {
      choice
          .put("finish_reason", turn.reply().finishReason())
          .put("stop_reason", turn.reply().stopReason());
    } else {
      choice.putNull("finish_reason");
    }
    choice.putNull("token_ids");
    return chunk;
  }
}
