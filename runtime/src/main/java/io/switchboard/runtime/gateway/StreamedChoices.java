package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.request.ReplyChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the caller already has of each choice of a streamed answer, read from the reply chunks
 * earlier attempts stored: its text, how many events carried text (a backend streams a token, or a
 * few, per event: the count usage can be corrected by), whether any event of it went out (its role
 * event), and whether it finished.
 */
final class StreamedChoices {
  /** One choice so far. */
  private static final class Choice {
    private final StringBuilder text = new StringBuilder();
    private int tokens;
    private boolean finished;
  }

  private final Map<Integer, Choice> choices = new TreeMap<>();

  StreamedChoices(Endpoint endpoint, ObjectMapper json, List<ReplyChunk> streamed) {
    for (ReplyChunk chunk : streamed) {
      for (byte[] event : RelayedEvents.split(chunk.payload())) { // a chunk may carry several
        for (JsonNode choice : read(json, event).path("choices")) {
          Choice so = choices.computeIfAbsent(choice.path("index").asInt(0), i -> new Choice());
          String piece = text(endpoint, choice);
          if (!piece.isEmpty()) {
            so.text.append(piece);
            so.tokens++;
          }
          so.finished |= choice.hasNonNull("finish_reason");
        }
      }
    }
  }

  /** Returns whether the caller had any event of choice {@code index}. */
  boolean seen(int index) {
    return choices.containsKey(index);
  }

  String text(int index) {
    Choice choice = choices.get(index);
    return choice == null ? "" : choice.text.toString();
  }

  int tokens(int index) {
    Choice choice = choices.get(index);
    return choice == null ? 0 : choice.tokens;
  }

  boolean finished(int index) {
    Choice choice = choices.get(index);
    return choice != null && choice.finished;
  }

  /** Returns the text events of every choice: what the caller got as output. */
  int allTokens() {
    return choices.values().stream().mapToInt(choice -> choice.tokens).sum();
  }

  /** Returns the choices of {@code n} that have not finished, in index order. */
  List<Integer> unfinished(int n) {
    List<Integer> left = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!finished(i)) {
        left.add(i);
      }
    }
    return left;
  }

  /** Returns the text one choice of a relayed chunk carries (chat delta content, or text). */
  static String text(Endpoint endpoint, JsonNode choice) {
    return endpoint == Endpoint.CHAT
        ? choice.path("delta").path("content").asText("")
        : choice.path("text").asText("");
  }

  private static JsonNode read(ObjectMapper json, byte[] payload) {
    try {
      return json.readTree(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
