package io.switchboard.message;

import java.nio.charset.StandardCharsets;
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
    ensure(5);
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

  /**
   * Writes {@code value} (null allowed) as UTF-8; throws {@link IllegalArgumentException} for an
   * unpaired surrogate, which UTF-8 cannot carry (the JDK would write '?' instead, silently).
   */
  public void putString(String value) {
    if (value == null) {
      putVarInt(0);
      return;
    }
    int at = Text.unpairedSurrogate(value);
    if (at >= 0) {
      throw new IllegalArgumentException("a string with an unpaired surrogate at index " + at);
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    putVarInt(utf8.length + 1);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, bytes, size, utf8.length);
    size += utf8.length;
  }

  /** Returns a copy of what was written. */
  public byte[] toByteArray() {
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
    }
  }
}
