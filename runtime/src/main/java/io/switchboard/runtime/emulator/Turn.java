package io.switchboard.runtime.emulator;

/**
 * One generation planned before it starts: its accounting and its pace.
 *
 * @param promptTokens tokens in the prompt
 * @param cachedTokens prompt tokens found in the prefix cache (not prefilled again)
 * @param reply what it says
 * @param firstTokenNanos time to first token: {@code b0 + b1 * (promptTokens - cachedTokens)}
 * @param tokenGapNanos time between tokens after the first: {@code b2}
 */
record Turn(
    int promptTokens, int cachedTokens, Reply reply, long firstTokenNanos, long tokenGapNanos) {

  /** Returns when token {@code index} (from 0) is due, counted from the start of generation. */
  long dueNanos(int index) {
    return firstTokenNanos + index * tokenGapNanos;
  }
}
