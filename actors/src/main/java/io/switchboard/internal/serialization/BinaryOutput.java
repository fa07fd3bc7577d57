package io.switchboard.internal.serialization;

import java.util.Arrays;

/**
 * A growable byte array that the binary serializers write into: fixed-width numbers big-endian,
 * lengths as unsigned varints, strings as UTF-8 behind their length (0 for null, else length + 1).
 * Not thread-safe; one per encoding.
 */
public final class BinaryOutput {
  private byte[] bytes;
  private int size;

  /** Creates an output that first allocates {@code capacity} bytes (it grows when needed). */
  public BinaryOutput(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  public void putByte(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
  }

  public void putInt(int value) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (value >>> shift);
    }
  }

  public void putLong(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (value >>> shift);
    }
  }

  /** Writes a non-negative {@code value} in 1 to 5 bytes, 7 bits each, low bits first. */
  public void putVarInt(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("a negative length: " + value);
    }
    ensure(varIntSize(value));
    while (value >= 0x80) {
      bytes[size++] = (byte) (value | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  /** Writes the length of {@code value} and then its bytes. */
  public void putBytes(byte[] value) {
    putVarInt(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
  }

  /** Writes the low 16 bits of {@code value}, big-endian. */
  public void putShort(int value) {
    ensure(2);
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) value;
  }

  /** Writes {@code value}'s bytes as they are, without a length. */
  public void putRaw(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
  }

  /**
   * Writes {@code value} (null allowed) as UTF-8; throws {@link IllegalArgumentException} for an
   * unpaired surrogate, which UTF-8 cannot carry (the JDK would write '?' instead, silently).
   * Encodes in place: no intermediate array per string (every message has several).
   */
  public void putString(String value) {
    if (value == null) {
      putVarInt(0);
      return;
    }
    int length = utf8Length(value);
    putVarInt(length + 1);
    ensure(length);
    if (length == value.length()) {
      for (int i = 0; i < length; i++) {
        bytes[size++] = (byte) value.charAt(i);
      }
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        bytes[size++] = (byte) c;
      } else if (c < 0x800) {
        bytes[size++] = (byte) (0xC0 | (c >>> 6));
        bytes[size++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        int codePoint = Character.toCodePoint(c, value.charAt(++i));
        bytes[size++] = (byte) (0xF0 | (codePoint >>> 18));
        bytes[size++] = (byte) (0x80 | ((codePoint >>> 12) & 0x3F));
        bytes[size++] = (byte) (0x80 | ((codePoint >>> 6) & 0x3F));
        bytes[size++] = (byte) (0x80 | (codePoint & 0x3F));
      } else {
        bytes[size++] = (byte) (0xE0 | (c >>> 12));
        bytes[size++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
        bytes[size++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }

  /** Returns how many bytes {@link #putString} writes for {@code value} (null allowed). */
  public static int stringSize(String value) {
    if (value == null) {
      return 1;
    }
    int length = utf8Length(value);
    return varIntSize(length + 1) + length;
  }

  /** Returns how many bytes {@link #putVarInt} writes for a non-negative {@code value}. */
  public static int varIntSize(int value) {
    int size = 1;
    while (value >= 0x80) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  /** Returns the UTF-8 length of {@code value}; throws for an unpaired surrogate. */
  private static int utf8Length(String value) {
    int length = value.length();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        length += 1;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        length += 2; // four bytes for the pair's two chars
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("a string with an unpaired surrogate at index " + i);
      } else {
        length += 2;
      }
    }
    return length;
  }

  /** Returns how many bytes were written. */
  public int size() {
    return size;
  }

  /** Returns what was written: the array itself when it was sized exactly, else a copy. */
  public byte[] toByteArray() {
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
    }
  }
}
