package io.switchboard.routing;

/** A hash that is the same on every JVM and release (MurmurHash3 x86 32-bit of UTF-8). */
public final class StableHash {
  private StableHash() {}

  /** Returns the MurmurHash3 (seed 0) of the string's UTF-8 bytes, without copying them. */
  public static int of(String value) {
    return new Murmur3(0).hashUtf8(value);
  }

  /** Returns the MurmurHash3 x86 32-bit of {@code data} with {@code seed}. */
  public static int murmur3(byte[] data, int seed) {
    return new Murmur3(seed).hashBytes(data);
  }
}
