package io.switchboard.balance;

/**
 * The consumers of one group as a balancing strategy sees them, indexed {@code 0..size()-1}.
 *
 * <p>An index view rather than a list of records, so that the runtime and the simulator can choose
 * a consumer for every message without allocating. Values are read during one call of {@link
 * BalancingStrategy#choose} and may change between calls.
 */
public interface Candidates {

  /** Returns how many consumers there are, with or without credit. */
  int size();

  /** Returns the consumer's stable identity (the same across membership changes). */
  String id(int index);

  /**
   * Returns how many more deliveries the consumer accepts now; 0 means none, also when the message
   * being placed would take it past its token budget.
   */
  int credit(int index);

  /** Returns how many deliveries the consumer holds unacknowledged. */
  int outstanding(int index);

  /**
   * Returns the estimated cost in tokens of what the consumer holds unacknowledged. A message
   * without a declared cost counts 1, so without costs this equals {@link #outstanding}, which is
   * what it returns unless overridden.
   */
  default long outstandingTokens(int index) {
    return outstanding(index);
  }

  /** Returns the consumer's declared capacity (relative weight, &gt; 0; 1 when undeclared). */
  double capacity(int index);

  /** Returns the consumer's measured mean service time in nanoseconds, or 0 when unknown. */
  double serviceTimeNanos(int index);

  /** Returns a number that changes whenever consumers join or leave (lets strategies cache). */
  long membershipVersion();
}
