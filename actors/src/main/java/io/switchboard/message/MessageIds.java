package io.switchboard.message;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Generates time-ordered message ids (UUID version 7, RFC 9562). */
public final class MessageIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  // Ids from the same millisecond stay ordered: a counter fills the 12 "rand_a" bits.
  private static final AtomicLong LAST = new AtomicLong();

  private MessageIds() {}

  /** Returns a new UUIDv7 string for the given Unix time in milliseconds. */
  public static String next(long epochMillis) {
    long stamp = LAST.updateAndGet(prev -> Math.max(prev + 1, epochMillis << 12));
    long millis = stamp >>> 12;
    long seq = stamp & 0xFFF;
    long msb = (millis << 16) | 0x7000L | seq;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** Returns a new UUIDv7 string for the current time. */
  public static String next() {
    return next(System.currentTimeMillis());
  }
}
