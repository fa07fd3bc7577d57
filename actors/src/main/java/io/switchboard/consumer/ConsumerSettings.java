package io.switchboard.consumer;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.message.MessageIds;

/**
 * How a consumer takes deliveries.
 *
 * @param consumerId stable identity (consistent hashing keeps keys on it across reconnects)
 * @param credit most unacknowledged deliveries the consumer holds from each partition
 * @param capacity declared capacity, the weight of the weighted strategy (1 when equal)
 * @param tokenBudget most estimated cost in tokens ({@code switchboard-cost}; 1 per message without
 *     one) the consumer holds unacknowledged, over all the topic's partitions together, in addition
 *     to {@code credit}; 0 for none. A single message above the whole budget is still given to the
 *     consumer when it holds nothing else.
 */
public record ConsumerSettings(String consumerId, int credit, double capacity, long tokenBudget) {

  public ConsumerSettings {
    if (consumerId == null || consumerId.isBlank()) {
      throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "consumerId must not be empty");
    }
    if (credit < 1 || credit > 100_000) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT, "credit must be between 1 and 100000, got " + credit);
    }
    if (!(capacity > 0) || Double.isInfinite(capacity)) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT, "capacity must be a positive number, got " + capacity);
    }
    if (tokenBudget < 0) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT, "tokenBudget must be 0 (none) or more, got " + tokenBudget);
    }
  }

  /** Settings without a token budget. */
  public ConsumerSettings(String consumerId, int credit, double capacity) {
    this(consumerId, credit, capacity, 0);
  }

  /** Returns settings with a random id, credit 32, capacity 1 and no token budget. */
  public static ConsumerSettings defaults() {
    return new ConsumerSettings("consumer-" + MessageIds.next(), 32, 1.0);
  }

  /** Returns these settings with another consumer id. */
  public ConsumerSettings withConsumerId(String value) {
    return new ConsumerSettings(value, credit, capacity, tokenBudget);
  }

  /** Returns these settings with another credit per partition. */
  public ConsumerSettings withCredit(int value) {
    return new ConsumerSettings(consumerId, value, capacity, tokenBudget);
  }

  /** Returns these settings with another declared capacity. */
  public ConsumerSettings withCapacity(double value) {
    return new ConsumerSettings(consumerId, credit, value, tokenBudget);
  }

  /** Returns these settings with a token budget shared by the partitions (0: none). */
  public ConsumerSettings withTokenBudget(long value) {
    return new ConsumerSettings(consumerId, credit, capacity, value);
  }
}
