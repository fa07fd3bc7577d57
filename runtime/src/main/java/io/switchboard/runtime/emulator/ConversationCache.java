package io.switchboard.runtime.emulator;

import io.switchboard.simulator.service.PrefixCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulated KV cache: per conversation, the tokens of its last turn (prompt and reply). A new
 * turn of a cached conversation skips the prefill of the tokens it shares with that turn, counted
 * in whole blocks and never the whole prompt (the last token is always computed), as in vLLM.
 *
 * <p>A conversation is the request's {@code user} when it names one, otherwise its opening (the
 * prompt up to the end of the first user message). The simulator's {@link PrefixCache} decides
 * which conversations are still cached; the map beside it keeps their tokens and evicts in the same
 * least-recently-used order. Thread-safe.
 */
final class ConversationCache {
  private final PrefixCache recent;
  private final Map<Integer, List<String>> turns;
  private final int blockSize;

  ConversationCache(int capacity, int blockSize) {
    this.recent = new PrefixCache(capacity);
    this.blockSize = blockSize;
    this.turns =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Integer, List<String>> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Returns the prompt tokens already cached for this turn, and remembers the turn for the next.
   */
  synchronized int cachedTokens(String user, Prompt prompt, Reply reply) {
    List<String> tokens = prompt.tokens();
    Object conversation = user != null ? user : tokens.subList(0, prompt.openingLength());
    int key = conversation.hashCode() & Integer.MAX_VALUE;
    List<String> last = recent.touch(key) ? turns.get(key) : null;
    int shared = last == null ? 0 : sharedPrefix(last, tokens);
    int cached = Math.min(shared, tokens.size() - 1) / blockSize * blockSize;
    List<String> turn = new ArrayList<>(tokens);
    turn.addAll(Prompt.words(reply.text()));
    turns.put(key, turn);
    return Math.max(cached, 0);
  }

  private static int sharedPrefix(List<String> a, List<String> b) {
    int n = Math.min(a.size(), b.size());
    int i = 0;
    while (i < n && a.get(i).equals(b.get(i))) {
      i++;
    }
    return i;
  }
}
