package io.switchboard.simulator.traffic;

import io.switchboard.simulator.service.Distribution;

/**
 * One kind of message in a stream's mix.
 *
 * @param name the message type, like {@code chat.request}
 * @param weight its relative share of the stream
 * @param prefillTokens prompt tokens per message (used by the LLM service model)
 * @param decodeTokens generated tokens per message (used by the LLM service model)
 */
public record MessageType(
    String name, double weight, Distribution prefillTokens, Distribution decodeTokens) {}
