package io.switchboard.runtime.emulator;

import io.switchboard.simulator.service.ServiceModel;
import java.time.Duration;

/**
 * What the emulator serves and how it behaves; {@code emulate-backend}'s options, checked here.
 *
 * @param model the one model name served, as vLLM's {@code --served-model-name}
 * @param maxModelLen prompt plus completion tokens allowed, as vLLM's {@code --max-model-len}
 * @param timing time to first token {@code b0 + b1 * uncached prefill tokens}, then {@code b2} per
 *     token (the simulator's LLM service model, nanoseconds)
 * @param replyTokensMin fewest tokens a reply runs to when nothing stops it earlier
 * @param replyTokensMax most tokens a reply runs to when nothing stops it earlier
 * @param seed the seed of requests that name none
 * @param blockSize tokens per KV-cache block: cached tokens count in whole blocks, as in vLLM
 * @param cachedConversations conversations whose prefix stays cached (least recently used out)
 * @param promptTokensDetails report {@code usage.prompt_tokens_details.cached_tokens}, as vLLM's
 *     {@code --enable-prompt-tokens-details}
 * @param maxConcurrency turns generated at once, as vLLM's {@code --max-num-seqs}; the rest queue
 * @param embeddingDimensions length of every embedding vector
 * @param fault a fault acted out on every request that carries none of its own
 * @param stallFor how long a stalled stream stays silent before the connection drops
 */
public record EmulatorSettings(
    String model,
    int maxModelLen,
    ServiceModel timing,
    int replyTokensMin,
    int replyTokensMax,
    long seed,
    int blockSize,
    int cachedConversations,
    boolean promptTokensDetails,
    int maxConcurrency,
    int embeddingDimensions,
    Fault fault,
    Duration stallFor) {

  /** Checks every value and says the allowed range and the value received. */
  public EmulatorSettings {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must be a non-empty name");
    }
    if (timing == null
        || !timing.isLlm()
        || timing.b0() < 0
        || timing.b1() < 0
        || timing.b2() < 0) {
      throw new IllegalArgumentException(
          "timing must be the LLM model with b0, b1, b2 >= 0, got " + timing);
    }
    atLeast("max-model-len", maxModelLen, 2);
    atLeast("reply-tokens-min", replyTokensMin, 1);
    atLeast("reply-tokens-max", replyTokensMax, replyTokensMin);
    atLeast("block-size", blockSize, 1);
    atLeast("cached-conversations", cachedConversations, 0);
    atLeast("max-concurrency", maxConcurrency, 1);
    atLeast("embedding-dimensions", embeddingDimensions, 1);
    if (fault == null || stallFor == null || stallFor.isNegative()) {
      throw new IllegalArgumentException(
          "fault must be given and stall-for must be >= 0, got " + stallFor);
    }
  }

  /**
   * Returns the defaults for one model: 20 ms + 0.1 ms per prefill token to the first token, 10 ms
   * per token.
   */
  public static EmulatorSettings defaults(String model) {
    return new EmulatorSettings(
        model,
        4096,
        ServiceModel.llm(20e6, 0.1e6, 10e6),
        16,
        64,
        0,
        16,
        256,
        false,
        256,
        384,
        Fault.NONE,
        Duration.ofMinutes(10));
  }

  /** Returns these settings with another timing model (nanoseconds). */
  public EmulatorSettings withTiming(double b0, double b1, double b2) {
    return new EmulatorSettings(
        model,
        maxModelLen,
        ServiceModel.llm(b0, b1, b2),
        replyTokensMin,
        replyTokensMax,
        seed,
        blockSize,
        cachedConversations,
        promptTokensDetails,
        maxConcurrency,
        embeddingDimensions,
        fault,
        stallFor);
  }

  /** Returns these settings with cached tokens reported or not. */
  public EmulatorSettings withPromptTokensDetails(boolean on) {
    return new EmulatorSettings(
        model,
        maxModelLen,
        timing,
        replyTokensMin,
        replyTokensMax,
        seed,
        blockSize,
        cachedConversations,
        on,
        maxConcurrency,
        embeddingDimensions,
        fault,
        stallFor);
  }

  /** Returns these settings with another concurrency limit. */
  public EmulatorSettings withMaxConcurrency(int limit) {
    return new EmulatorSettings(
        model,
        maxModelLen,
        timing,
        replyTokensMin,
        replyTokensMax,
        seed,
        blockSize,
        cachedConversations,
        promptTokensDetails,
        limit,
        embeddingDimensions,
        fault,
        stallFor);
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
  }
}
