package io.switchboard.internal.partition;

/**
 * Adds durations to the clock without overflow: a deadline past {@code Long.MAX_VALUE} stays there
 * (never), it does not wrap into the past (at once).
 */
final class Deadlines {
  private Deadlines() {}

  /** Returns {@code nowMillis + millis}, saturated at the ends of {@code long}. */
  static long after(long nowMillis, long millis) {
    long sum = nowMillis + millis;
    // Overflow only when both have the same sign and the sum has the other one.
    if (((nowMillis ^ sum) & (millis ^ sum)) < 0) {
      return millis > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return sum;
  }

  /** Returns {@code nowMillis - millis}, saturated at the ends of {@code long}. */
  static long before(long nowMillis, long millis) {
    return millis == Long.MIN_VALUE ? Long.MAX_VALUE : after(nowMillis, -millis);
  }
}
