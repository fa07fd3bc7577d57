package io.switchboard.routing;

/**
 * MurmurHash3 x86 32-bit over a stream of bytes, so that a key's UTF-8 bytes can be hashed as they
 * are produced, without an array. Lone surrogates become {@code '?'}, as {@code
 * String.getBytes(UTF_8)} does. Not thread-safe: it keeps its running state in fields, so a hot
 * path keeps one instance per thread and calls it again and again.
 */
public final class Murmur3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private int hash;
  private int block;
  private int filled;
  private int length;

  private final int seed;

  public Murmur3(int seed) {
    this.seed = seed;
  }

  /** Returns the hash of {@code data}. */
  public int hashBytes(byte[] data) {
    reset();
    for (byte b : data) {
      add(b);
    }
    return finish();
  }

  /** Returns the hash of the string's UTF-8 bytes. */
  public int hashUtf8(String key) {
    reset();
    int chars = key.length();
    for (int i = 0; i < chars; i++) {
      char c = key.charAt(i);
      if (c < 0x80) {
        add(c);
      } else if (c < 0x800) {
        add(0xc0 | c >> 6);
        add(0x80 | c & 0x3f);
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < chars
            && Character.isLowSurrogate(key.charAt(i + 1))) {
          int codePoint = Character.toCodePoint(c, key.charAt(++i));
          add(0xf0 | codePoint >> 18);
          add(0x80 | codePoint >> 12 & 0x3f);
          add(0x80 | codePoint >> 6 & 0x3f);
          add(0x80 | codePoint & 0x3f);
        } else {
          add('?');
        }
      } else {
        add(0xe0 | c >> 12);
        add(0x80 | c >> 6 & 0x3f);
        add(0x80 | c & 0x3f);
      }
    }
    return finish();
  }

  private void reset() {
    hash = seed;
    block = 0;
    filled = 0;
    length = 0;
  }

  private void add(int oneByte) {
    block |= (oneByte & 0xff) << (8 * filled);
    length++;
    if (++filled == 4) {
      hash ^= mixBlock(block);
      hash = Integer.rotateLeft(hash, 13);
      hash = hash * 5 + 0xe6546b64;
      block = 0;
      filled = 0;
    }
  }

  private int finish() {
    int h = hash;
    if (filled > 0) {
      h ^= mixBlock(block);
    }
    h ^= length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static int mixBlock(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }
}
