package io.switchboard.runtime.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes deterministic replies: the word at each position depends only on the seed, the prompt
 * (without a continued assistant prefix) and the position, so a reply continued from any prefix
 * with {@code continue_final_message} goes on exactly as the unbroken reply would have.
 */
final class ReplyGenerator {
  private static final String[] VOCABULARY = {
    "the",
    "switchboard",
    "routes",
    "every",
    "message",
    "to",
    "a",
    "worker",
    "that",
    "answers",
    "in",
    "order",
    "tokens",
    "flow",
    "back",
    "through",
    "stream",
    "while",
    "cache",
    "keeps",
    "prefix",
    "warm",
    "for",
    "next",
    "turn",
    "and",
    "model",
    "pool",
    "balances",
    "load",
    "across",
    "nodes",
    "with",
    "care",
    "so",
    "latency",
    "stays",
    "low",
    "when",
    "traffic",
    "grows",
    "queues",
    "hold",
    "requests",
    "until",
    "capacity",
    "frees",
    "up",
    "again",
    "each",
    "reply",
    "is",
    "durable",
    "once",
    "stored",
    "never",
    "lost",
    "after",
    "crash",
    "because",
    "journal",
    "survives",
    "restart",
    "quickly"
  };
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final int replyTokensMin;
  private final int replyTokensMax;

  ReplyGenerator(int replyTokensMin, int replyTokensMax) {
    this.replyTokensMin = replyTokensMin;
    this.replyTokensMax = replyTokensMax;
  }

  /**
   * Returns the reply to a prompt.
   *
   * @param seed the request's seed
   * @param seedTokens the prompt without the continued words
   * @param start words already written (the continued assistant prefix)
   * @param limit most tokens to generate ({@code max_tokens})
   * @param stops stop strings; the reply ends before the first one it would contain
   */
  Reply generate(long seed, List<String> seedTokens, int start, int limit, List<String> stops) {
    long base = mix(seed * GOLDEN + seedTokens.hashCode());
    int natural =
        replyTokensMin + (int) Math.floorMod(mix(base), (long) replyTokensMax - replyTokensMin + 1);
    int longestStop = stops.stream().mapToInt(String::length).max().orElse(0);
    List<String> deltas = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int position = start; deltas.size() < limit; position++) {
      if (position >= natural) {
        deltas.add("");
        return new Reply(deltas, "stop", null);
      }
      String word =
          VOCABULARY[
              (int) Math.floorMod(mix(base + (position + 1) * GOLDEN), (long) VOCABULARY.length)];
      String delta = position == 0 ? word : " " + word;
      int before = text.length();
      text.append(delta);
      for (String stop : stops) {
        int at = stop.isEmpty() ? -1 : text.indexOf(stop, Math.max(0, before - longestStop + 1));
        if (at >= 0) {
          deltas.add(at > before ? delta.substring(0, at - before) : "");
          return new Reply(deltas, "stop", stop);
        }
      }
      deltas.add(delta);
    }
    return new Reply(deltas, "length", null);
  }

  /** SplitMix64's finalizer: spreads a counter's bits over the whole word. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
