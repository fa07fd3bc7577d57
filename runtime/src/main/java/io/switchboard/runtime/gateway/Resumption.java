package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.request.ReplyChunk;
import io.switchboard.runtime.gateway.BackendSettings.Continuation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt at a call: what earlier attempts already streamed to the caller ({@link
 * StreamedChoices}), the bodies to send this backend so that it continues from there, and each of
 * its chunks rewritten as the caller must see them (one id, the pool's model name, no second role
 * event, no repeated text). With {@code assistant-prefix} each unfinished choice is continued by a
 * backend call of its own ({@code n} = 1, that choice's text as the prefix), one after the other,
 * its chunks given the choice's index; with {@code regenerate} the call is sent again whole and
 * what the caller has of each choice is dropped. Used by one call at a time.
 */
final class Resumption {
  private final Endpoint endpoint;
  private final ObjectMapper json;
  private final String answerId;
  private final String model;
  private final long created;
  private final Continuation continuation;
  private final boolean resumed;
  private final StreamedChoices sofar;

  /** Characters of each choice still to drop from a regenerated answer. */
  private final Map<Integer, Integer> charsToSkip = new HashMap<>();

  /** Choices to continue one backend call each, the current one first. */
  private final Deque<Integer> pending = new ArrayDeque<>();

  private ObjectNode callerBody;
  private String backendModel;
  private boolean eachChoice;
  private int choices = 1;
  // usage summed over the backend calls of one attempt
  private ObjectNode lastUsage;
  private long promptTokens = -1;
  private long completionTokens;

  Resumption(
      Endpoint endpoint,
      ObjectMapper json,
      String answerId,
      String model,
      long created,
      Continuation continuation,
      List<ReplyChunk> streamed) {
    this.endpoint = endpoint;
    this.json = json;
    this.answerId = answerId;
    this.model = model;
    this.created = created;
    this.continuation = continuation;
    this.resumed = !streamed.isEmpty();
    this.sofar = new StreamedChoices(endpoint, json, streamed);
  }

  /** Returns whether this attempt continues a stream an earlier attempt broke off. */
  boolean resumed() {
    return resumed;
  }

  /**
   * Returns the body of the first backend call: the caller's, streamed, continuing what was sent;
   * null when the caller has every choice whole already (the backend broke after the last one).
   */
  ObjectNode backendBody(ObjectNode callerBody, String backendModel) {
    this.callerBody = callerBody;
    this.backendModel = backendModel;
    ObjectNode body = streamed(callerBody);
    if (!resumed || !endpoint.streams()) {
      return body;
    }
    choices = Math.max(1, callerBody.path("n").asInt(1));
    List<Integer> left = sofar.unfinished(choices);
    if (left.isEmpty()) {
      return null;
    }
    boolean prefix =
        continuation == Continuation.ASSISTANT_PREFIX
            && (endpoint == Endpoint.CHAT || body.path("prompt").isTextual());
    if (!prefix) {
      // regenerate (a list of prompts cannot take a prefix either): drop what the caller has
      for (int i = 0; i < choices; i++) {
        charsToSkip.put(i, sofar.text(i).length());
      }
      return body;
    }
    eachChoice = true;
    pending.addAll(left);
    return continuing(body);
  }

  /**
   * Returns the body of the next backend call after one ended with {@code usageChunk} (counted), or
   * null when no choice is left to continue (then {@link #last} makes the final reply of it).
   */
  ObjectNode nextCall(ObjectNode usageChunk) {
    if (!eachChoice || pending.size() < 2) {
      return null;
    }
    fold(usageChunk);
    pending.removeFirst();
    return continuing(streamed(callerBody));
  }

  /** Returns a backend chunk as the caller sees it, or null when the caller must not see it. */
  ObjectNode relay(ObjectNode chunk) {
    stamp(chunk);
    JsonNode given = chunk.path("choices");
    if (!resumed || !given.isArray() || given.isEmpty()) {
      return chunk;
    }
    ArrayNode kept = json.createArrayNode();
    for (JsonNode node : given) {
      ObjectNode choice = (ObjectNode) node;
      int index = eachChoice ? pending.getFirst() : choice.path("index").asInt(0);
      if (eachChoice) {
        choice.put("index", index); // the backend answered n = 1 for this choice
      } else if (sofar.finished(index)) {
        continue; // regenerated: the caller has all of this choice
      }
      if (keep(choice, index)) {
        kept.add(choice);
      }
    }
    if (kept.isEmpty()) {
      return null;
    }
    chunk.set("choices", kept);
    return chunk;
  }

  /**
   * Returns the final reply: the backend's last usage event (or an empty one), usage counted from
   * the start of the answer over every backend call.
   */
  ObjectNode last(ObjectNode usageChunk) {
    fold(usageChunk);
    ObjectNode last = lastUsage != null ? lastUsage : json.createObjectNode();
    stamp(last);
    if (!last.has("choices")) {
      last.putArray("choices");
    }
    if (eachChoice && last.path("usage").isObject()) {
      // the prefixes were prompt to the backends, output to the caller
      long completion = completionTokens + sofar.allTokens();
      ((ObjectNode) last.get("usage"))
          .put("prompt_tokens", promptTokens)
          .put("completion_tokens", completion)
          .put("total_tokens", promptTokens + completion);
    }
    if (!last.has("usage")) {
      last.putNull("usage");
    }
    return last;
  }

  /** Returns a whole (embeddings) answer with the pool's model name. */
  ObjectNode whole(ObjectNode answer) {
    answer.put("model", model);
    return answer;
  }

  private ObjectNode streamed(ObjectNode caller) {
    ObjectNode body = caller.deepCopy();
    body.put("model", backendModel);
    if (endpoint.streams()) {
      body.put("stream", true);
      body.putObject("stream_options").put("include_usage", true);
    }
    return body;
  }

  /** Makes {@code body} continue the current choice from the text the caller has of it. */
  private ObjectNode continuing(ObjectNode body) {
    int choice = pending.getFirst();
    String text = sofar.text(choice);
    if (choices > 1) {
      body.put("n", 1); // a continuation carries one choice's text
    }
    lowerLimit(body, "max_tokens", sofar.tokens(choice));
    lowerLimit(body, "max_completion_tokens", sofar.tokens(choice));
    if (endpoint == Endpoint.CHAT) {
      ((ArrayNode) body.get("messages")).addObject().put("role", "assistant").put("content", text);
      body.put("continue_final_message", true);
      body.put("add_generation_prompt", false);
    } else {
      body.put("prompt", body.get("prompt").asText() + text); // a completion continues its prompt
    }
    return body;
  }

  /** Rewrites one choice of a resumed chunk; returns whether the caller should see it. */
  private boolean keep(ObjectNode choice, int index) {
    ObjectNode delta = choice.path("delta").isObject() ? (ObjectNode) choice.get("delta") : null;
    if (delta != null && sofar.seen(index)) {
      delta.remove("role"); // the caller had this choice's role event from the first backend
    }
    String field = endpoint == Endpoint.CHAT ? "content" : "text";
    ObjectNode holder = delta != null ? delta : choice;
    String text = holder.path(field).asText("");
    int skip = Math.min(charsToSkip.getOrDefault(index, 0), text.length());
    if (skip > 0) {
      charsToSkip.merge(index, -skip, Integer::sum);
      text = text.substring(skip);
      holder.put(field, text);
    }
    boolean opens = delta != null && delta.has("role"); // a choice the caller has not seen yet
    return !text.isEmpty() || opens || choice.hasNonNull("finish_reason");
  }

  private void fold(ObjectNode usageChunk) {
    if (usageChunk == null) {
      return;
    }
    lastUsage = usageChunk;
    JsonNode usage = usageChunk.path("usage");
    if (!usage.isObject() || !eachChoice) {
      return;
    }
    if (promptTokens < 0) {
      // the prompt is the same for every choice: the first call's, less its prefix
      promptTokens =
          Math.max(0, usage.path("prompt_tokens").asLong() - sofar.tokens(pending.getFirst()));
    }
    completionTokens += usage.path("completion_tokens").asLong();
  }

  private void stamp(ObjectNode chunk) {
    chunk.put("id", answerId);
    chunk.put("object", endpoint == Endpoint.CHAT ? "chat.completion.chunk" : "text_completion");
    chunk.put("created", created);
    chunk.put("model", model);
  }

  private static void lowerLimit(ObjectNode body, String field, int tokens) {
    if (body.path(field).canConvertToInt()) {
      body.put(field, Math.max(1, body.get(field).asInt() - tokens));
    }
  }
}
