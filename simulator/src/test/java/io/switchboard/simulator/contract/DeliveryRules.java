package io.switchboard.simulator.contract;

import java.time.Duration;
import java.util.List;

/**
 * The delivery rules the library and the simulator must both follow, as cases with the answer the
 * rules give: how often a message is delivered, redelivered and dead-lettered, given what its
 * consumer does with every attempt. One partition, one group.
 */
final class DeliveryRules {
  private DeliveryRules() {}

  /** What the consumer does with each delivery it gets. */
  enum Consumer {
    /** Acknowledges: the message is done on its first attempt. */
    ACKS,
    /** Fails it at once (a nack, an error): the next attempt follows without waiting. */
    FAILS,
    /** Keeps it without an answer: the attempt fails when its ack lease ends. */
    HOLDS
  }

  /** A case: {@code messages} published, each attempt answered by {@code consumer}. */
  record Case(String name, int messages, int maxAttempts, Duration ackLease, Consumer consumer) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** What happened to the messages of a case. */
  record Outcome(long deliveries, long redeliveries, long deadLetters, long completed) {}

  static List<Case> cases() {
    return List.of(
        new Case("acked on the first attempt", 20, 3, Duration.ofSeconds(30), Consumer.ACKS),
        new Case(
            "failing attempts end in dead letters after max-attempts",
            20,
            3,
            Duration.ofSeconds(30),
            Consumer.FAILS),
        new Case(
            "a single attempt that fails is dead-lettered at once",
            20,
            1,
            Duration.ofSeconds(30),
            Consumer.FAILS),
        new Case(
            "an unanswered delivery comes back when its lease ends",
            10,
            2,
            Duration.ofSeconds(1),
            Consumer.HOLDS));
  }

  /**
   * The rules: every failed attempt before the last is followed by a redelivery with the next
   * attempt number; the failure of attempt {@code maxAttempts} dead-letters the message; an ack
   * settles it for good.
   */
  static Outcome expected(Case c) {
    long m = c.messages();
    if (c.consumer() == Consumer.ACKS) {
      return new Outcome(m, 0, 0, m);
    }
    return new Outcome(m * c.maxAttempts(), m * (c.maxAttempts() - 1), m, 0);
  }
}
