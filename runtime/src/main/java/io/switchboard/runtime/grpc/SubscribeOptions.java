package io.switchboard.runtime.grpc;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.protocol.v1.Subscribe;

/**
 * Turns a Subscribe's consumer id, capacity and token budget into the library's consumer settings.
 */
final class SubscribeOptions {
  private SubscribeOptions() {}

  /**
   * Returns the settings for this Subscribe with the given library credit; INVALID_ARGUMENT for a
   * token budget that does not fit a signed long (a negative number sent as uint64).
   */
  static ConsumerSettings consumerSettings(Subscribe subscribe, int credit) {
    long budget = tokenBudget(subscribe);
    ConsumerSettings settings =
        ConsumerSettings.defaults().withCredit(credit).withTokenBudget(budget);
    if (!subscribe.getConsumerId().isEmpty()) {
      settings = settings.withConsumerId(subscribe.getConsumerId());
    }
    if (subscribe.getCapacity() != 0) {
      settings = settings.withCapacity(subscribe.getCapacity());
    }
    return settings;
  }

  /** Returns the token budget (0: none), checked before the stream counts as subscribed. */
  static long tokenBudget(Subscribe subscribe) {
    long budget = subscribe.getTokenBudget();
    if (budget < 0) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT,
          "Subscribe token_budget must be 0 (none) to "
              + Long.MAX_VALUE
              + ", got "
              + Long.toUnsignedString(budget)
              + " (a negative number sent as uint64?)");
    }
    return budget;
  }
}
