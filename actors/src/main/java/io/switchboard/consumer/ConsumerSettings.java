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
 */
public record ConsumerSettings(String consumerId, int credit, double capacity) {

  public ConsumerSettings {
    if (consumerId == null || consumerId.isBlank()) {
      throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "consumerId must not be empty");
    }
    if (credit < 1 || credit > 100_000) {
      throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
          "credit must be between 1 and 100000, got " + credit);
    }
    if (!(capacity > 0) || Double.isInfinite(capacity)) {
      throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
          "capacity must be a positive number, got " + capacity);
    }
  }

  /** Returns settings with a random id, credit 32 and capacity 1. */
  public static ConsumerSettings defaults() {
    return new ConsumerSettings("consumer-" + MessageIds.next(), 32, 1.0);
  }

  public ConsumerSettings withConsumerId(String value) {
    return new ConsumerSettings(value, credit, capacity);
  }

  public ConsumerSettings withCredit(int value) {
    return new ConsumerSettings(consumerId, value, capacity);
  }

  public ConsumerSettings withCapacity(double value) {
    return new ConsumerSettings(consumerId, credit, value);
  }
}
