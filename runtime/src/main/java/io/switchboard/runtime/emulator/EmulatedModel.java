package io.switchboard.runtime.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The model behind the emulator: checks a generation request as vLLM would, then plans its turn
 * (what it says from the seed and the prompt, what the prefix cache saves, how long it takes by the
 * simulator's service model). Plain Java, no I/O; thread-safe.
 */
final class EmulatedModel {
  private final EmulatorSettings settings;
  private final ReplyGenerator generator;
  private final ConversationCache cache;

  EmulatedModel(EmulatorSettings settings) {
    this.settings = settings;
    this.generator = new ReplyGenerator(settings.replyTokensMin(), settings.replyTokensMax());
    this.cache = new ConversationCache(settings.cachedConversations(), settings.blockSize());
  }

  EmulatorSettings settings() {
    return settings;
  }

  /**
   * Throws a 404 when the request names a model other than the one served (none means that one).
   */
  void checkModel(JsonNode request) {
    JsonNode model = request.get("model");
    if (model != null && !model.isNull() && !model.asText().equals(settings.model())) {
      throw OpenAiError.unknownModel(model.asText());
    }
  }

  /** Plans the turn answering {@code prompt}; throws a 400 for parameters vLLM would refuse. */
  Turn plan(JsonNode request, Prompt prompt) {
    checkModel(request);
    if (request.path("n").asInt(1) != 1) {
      throw OpenAiError.badRequest("The emulator generates one choice: n must be 1", "n");
    }
    int promptTokens = prompt.tokens().size();
    int limit = maxTokens(request, promptTokens);
    long seed =
        request.path("seed").isIntegralNumber() ? request.get("seed").asLong() : settings.seed();
    Reply reply =
        generator.generate(
            seed, prompt.seedTokens(), prompt.continuedWords(), limit, stops(request));
    String user = request.path("user").isTextual() ? request.get("user").asText() : null;
    int cached = cache.cachedTokens(user, prompt, reply);
    long firstToken = (long) settings.timing().nanos(0, 0, promptTokens - cached, 0);
    return new Turn(promptTokens, cached, reply, firstToken, (long) settings.timing().b2());
  }

  private int maxTokens(JsonNode request, int promptTokens) {
    int room = settings.maxModelLen() - promptTokens;
    JsonNode asked =
        request.hasNonNull("max_completion_tokens")
            ? request.get("max_completion_tokens")
            : request.get("max_tokens");
    if (asked != null && !asked.isNull() && (!asked.canConvertToInt() || asked.asInt() < 1)) {
      throw OpenAiError.badRequest("max_tokens must be at least 1, got " + asked, "max_tokens");
    }
    int wanted = asked == null || asked.isNull() ? room : asked.asInt();
    if (room < 1 || wanted > room) {
      throw OpenAiError.badRequest(
          "This model's maximum context length is "
              + settings.maxModelLen()
              + " tokens. However, you requested "
              + (promptTokens + wanted)
              + " tokens ("
              + promptTokens
              + " in the messages, "
              + wanted
              + " in the completion). Please reduce the length of the messages or "
              + "completion.",
          null);
    }
    return wanted;
  }

  private static List<String> stops(JsonNode request) {
    JsonNode stop = request.get("stop");
    List<String> stops = new ArrayList<>();
    if (stop == null || stop.isNull()) {
      return stops;
    }
    if (stop.isTextual()) {
      stops.add(stop.asText());
      return stops;
    }
    if (!stop.isArray()) {
      throw OpenAiError.badRequest("stop must be a string or an array of strings", "stop");
    }
    stop.forEach(s -> stops.add(s.asText()));
    return stops;
  }
}
