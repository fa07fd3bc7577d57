package io.switchboard.runtime.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** How one endpoint reads its prompt and writes a turn, whole or as stream chunks. */
interface TurnFormat {

  /** Returns the prompt of a request, or throws a 400. */
  Prompt prompt(JsonNode request, EmulatorSettings settings);

  /** Returns the id prefix ({@code chatcmpl-}, {@code cmpl-}). */
  String idPrefix();

  /** Returns the {@code object} of stream chunks. */
  String chunkObject();

  /** Returns the whole answer of a turn. */
  ObjectNode whole(ObjectNode head, Turn turn, Prompt prompt, boolean details);

  /** Returns the chunks sent before any token (the chat's role chunk; none for completions). */
  List<ObjectNode> opening(ObjectNode head, Prompt prompt);

  /** Returns the chunk carrying token {@code index}; the last one carries the finish reason. */
  ObjectNode token(ObjectNode head, Turn turn, int index);
}
