package io.switchboard.routing;

import java.nio.charset.StandardCharsets;

/** A hash that is the same on every JVM and release (MurmurHash3 x86 32-bit of UTF-8). */
public final class StableHash {
  private StableHash() {}

  /** Returns the MurmurHash3 (seed 0) of the string's UTF-8 bytes. */
  public static int of(String value) {
    return murmur3(value.getBytes(StandardCharsets.UTF_8), 0);
  }

  /** Returns the MurmurHash3 x86 32-bit of {@code data} with {@code seed}. */
  public static int murmur3(byte[] data, int seed) {
    final int c1 = 0xcc9e2d51;
    final int c2 = 0x1b873593;
    int h = seed;
    int blocks = data.length / 4;
    for (int i = 0; i < blocks; i++) {
      int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8
          | (data[4 * i + 2] & 0xff) << 16 | (data[4 * i + 3] & 0xff) << 24;
      k *= c1;
      k = Integer.rotateLeft(k, 15);
      k *= c2;
      h ^= k;
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
    }
    int k = 0;
    int tail = blocks * 4;
    switch (data.length & 3) {
      case 3:
        k ^= (data[tail + 2] & 0xff) << 16;
        // fall through
      case 2:
        k ^= (data[tail + 1] & 0xff) << 8;
        // fall through
      case 1:
        k ^= data[tail] & 0xff;
        k *= c1;
        k = Integer.rotateLeft(k, 15);
        k *= c2;
        h ^= k;
        // fall through
      default:
        break;
    }
    h ^= data.length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
