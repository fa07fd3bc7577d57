package io.switchboard.runtime.emulator;

import java.util.List;

/**
 * What one turn says, decided before any of it is sent, so that a stream and a whole answer carry
 * the same text.
 *
 * @param deltas the text of each generated token in order; an end-of-sequence token is {@code ""}
 * @param finishReason {@code stop} (end of sequence or a stop string) or {@code length}
 * @param stopReason the stop string that ended the reply, or null
 */
record Reply(List<String> deltas, String finishReason, String stopReason) {

  /**
   * Returns the number of generated tokens, the end-of-sequence token included as vLLM counts it.
   */
  int completionTokens() {
    return deltas.size();
  }

  /** Returns the whole text. */
  String text() {
    return String.join("", deltas);
  }
}
