package io.switchboard.runtime.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;

/**
 * Every limit of the JSON reader and writer, set explicitly: what the door accepts, the writer can
 * write back, so an accepted request can always be answered and delivered.
 *
 * @param maxDepth deepest nesting of a JSON payload ({@code switchboard.http.max-json-depth})
 * @param maxNumberLength most characters of one number ({@code
 *     switchboard.http.max-json-number-length})
 * @param maxDocumentBytes largest document; also bounds every string and name in it
 */
public record JsonLimits(int maxDepth, int maxNumberLength, long maxDocumentBytes) {
  /** Levels a request body adds around a payload: {@code {"messages": [{"payload": ...}]}}. */
  static final int ENVELOPE_DEPTH = 3;

  /** The defaults of {@code reference.conf}. */
  public static final JsonLimits DEFAULT = new JsonLimits(64, 1000, 4L * 1024 * 1024);

  public JsonLimits {
    if (maxDepth < 1 || maxDepth > 10_000) {
      throw new IllegalArgumentException(
          "switchboard.http.max-json-depth must be between 1 and 10000, got " + maxDepth);
    }
    if (maxNumberLength < 20 || maxNumberLength > 1_000_000) {
      throw new IllegalArgumentException(
          "switchboard.http.max-json-number-length must be between 20 and 1000000, got "
              + maxNumberLength);
    }
    if (maxDocumentBytes < 1) {
      throw new IllegalArgumentException(
          "the largest JSON document must be at least 1 byte, got " + maxDocumentBytes);
    }
  }

  /** Returns the limits of a node's HTTP settings. */
  public static JsonLimits of(HttpSettings settings) {
    return new JsonLimits(
        settings.maxJsonDepth(), settings.maxJsonNumberLength(), settings.maxBodyBytes());
  }

  /** Returns the reader's constraints: a body may nest a payload plus its own envelope. */
  StreamReadConstraints readConstraints() {
    int stringLength = (int) Math.min(Integer.MAX_VALUE, maxDocumentBytes);
    return StreamReadConstraints.builder()
        .maxNestingDepth(maxDepth + ENVELOPE_DEPTH)
        .maxNumberLength(maxNumberLength)
        .maxStringLength(stringLength)
        .maxNameLength(stringLength)
        .maxDocumentLength(maxDocumentBytes)
        .maxTokenCount(maxDocumentBytes)
        .build();
  }

  /** Returns the writer's constraints: at least as generous as the reader's. */
  StreamWriteConstraints writeConstraints() {
    // answers wrap what was read in a few levels of their own (deliveries[].message.payload)
    return StreamWriteConstraints.builder()
        .maxNestingDepth(maxDepth + 2 * ENVELOPE_DEPTH + 2)
        .build();
  }
}
