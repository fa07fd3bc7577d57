package io.switchboard.runtime.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A prompt as the emulator's tokenizer sees it. The rule, stated once: a token is a run of
 * non-whitespace characters; a chat message adds one marker token for its role ({@code <|user|>})
 * before its words, and the generation prompt is one {@code <|assistant|>} marker.
 *
 * @param tokens every prompt token: what prefill covers
 * @param continuedWords trailing tokens that are an assistant message being continued ({@code
 *     continue_final_message}); the reply goes on from there
 * @param openingLength tokens up to the end of the first user message: a conversation's key
 * @param role the role of the reply ({@code assistant}, or the continued message's role)
 */
record Prompt(List<String> tokens, int continuedWords, int openingLength, String role) {

  /** Returns the tokens that seed the reply: the prompt without the continued words. */
  List<String> seedTokens() {
    return tokens.subList(0, tokens.size() - continuedWords);
  }

  /** Returns the words of a text under the emulator's rule. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : text.trim().split("\\s+")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  /**
   * Reads a chat request's {@code messages} with vLLM's {@code add_generation_prompt} (default
   * true) and {@code continue_final_message} (default false).
   */
  static Prompt ofChat(JsonNode request) {
    JsonNode messages = request.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw OpenAiError.badRequest(
          "Field required: messages must be a non-empty array", "messages");
    }
    boolean generationPrompt = request.path("add_generation_prompt").asBoolean(true);
    boolean continueFinal = request.path("continue_final_message").asBoolean(false);
    if (generationPrompt && continueFinal) {
      throw OpenAiError.badRequest(
          "Cannot set both `continue_final_message` and `add_generation_prompt` to True.",
          "continue_final_message");
    }
    List<String> tokens = new ArrayList<>();
    int opening = -1;
    String lastRole = "";
    int lastWords = 0;
    for (JsonNode message : messages) {
      lastRole = message.path("role").asText("");
      if (lastRole.isEmpty()) {
        throw OpenAiError.badRequest("Every message needs a role", "messages");
      }
      List<String> words = words(content(message.get("content")));
      tokens.add("<|" + lastRole + "|>");
      tokens.addAll(words);
      lastWords = words.size();
      if (opening < 0 && lastRole.equals("user")) {
        opening = tokens.size();
      }
    }
    if (generationPrompt) {
      tokens.add("<|assistant|>");
    }
    return new Prompt(
        tokens,
        continueFinal ? lastWords : 0,
        opening < 0 ? tokens.size() : opening,
        generationPrompt ? "assistant" : lastRole);
  }

  /** Reads a completion request's {@code prompt}: a string, or an array holding one string. */
  static Prompt ofCompletion(JsonNode request, int openingLength) {
    JsonNode prompt = request.get("prompt");
    if (prompt != null && prompt.isArray() && prompt.size() == 1) {
      prompt = prompt.get(0);
    }
    if (prompt == null || !prompt.isTextual()) {
      throw OpenAiError.badRequest("prompt must be a string (or an array of one string)", "prompt");
    }
    List<String> tokens = words(prompt.asText());
    if (tokens.isEmpty()) {
      throw OpenAiError.badRequest("The prompt is empty", "prompt");
    }
    return new Prompt(tokens, 0, Math.min(openingLength, tokens.size()), "assistant");
  }

  /** Returns a message's text: a string, or the text parts of an array of content parts. */
  private static String content(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (part.path("type").asText().equals("text")) {
          text.append(part.path("text").asText()).append('\n');
        }
      }
      return text.toString();
    }
    throw OpenAiError.badRequest(
        "message content must be a string or an array of content parts", "messages");
  }
}
