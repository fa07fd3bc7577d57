package io.switchboard.balance;

/**
 * Picks the consumer of a group that gets the next message.
 *
 * <p>Contract, shared by every implementation and checked by one contract test suite:
 *
 * <ul>
 *   <li>returns an index whose {@link Candidates#credit} is &gt; 0, or {@code -1} when no consumer
 *       has credit (never an index without credit);
 *   <li>{@code key} is the message key and may be null;
 *   <li>an instance is used by one thread at a time (one partition, or one simulator run) and may
 *       keep state between calls; randomness comes from the seed given at creation.
 * </ul>
 */
public interface BalancingStrategy {

  /** Returns the index of the chosen consumer, or -1 when none has credit. */
  int choose(Candidates candidates, String key);
}
