package io.switchboard.request;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.message.CborSerializable;

/**
 * The tokens a worker reports when it completes a request: what the prompt took and what it
 * generated. Carried by the final reply to the caller and counted by the node.
 */
public record Usage(long promptTokens, long completionTokens) implements CborSerializable {

  public Usage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT,
          "token usage must be 0 or more, got prompt "
              + promptTokens
              + " and completion "
              + completionTokens);
    }
  }

  /**
   * Returns the usage of a prompt of {@code prompt} tokens answered with {@code completion} tokens.
   */
  public static Usage of(long prompt, long completion) {
    return new Usage(prompt, completion);
  }
}
