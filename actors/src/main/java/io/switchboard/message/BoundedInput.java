package io.switchboard.message;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo {@link Input} over a whole payload that refuses an array length or a string's char count
 * larger than the bytes left before allocating for it: Kryo sizes arrays from a length in the
 * bytes, so without this an 11-byte payload makes it allocate up to 2 GiB (or throw {@link
 * OutOfMemoryError}). Every element takes at least one byte, so the bytes left bound every honest
 * length. Collections and object arrays are bounded by {@link BoundedSerializers}.
 */
final class BoundedInput extends Input {
  BoundedInput(byte[] buffer, int offset, int count) {
    super(buffer, offset, count);
  }

  private void check(int length) {
    if (length > limit - position) {
      throw new KryoException(
          "Buffer underflow: an array of " + length + " in " + (limit - position) + " bytes");
    }
  }

  // A UTF-8 string's char count comes first and sizes a char[] before its bytes are read; an
  // ASCII string (no count) grows only as its bytes are read.
  @Override
  public String readString() {
    checkUtf8Count();
    return super.readString();
  }

  @Override
  public StringBuilder readStringBuilder() {
    checkUtf8Count();
    return super.readStringBuilder();
  }

  private void checkUtf8Count() {
    if (position < limit && readVarIntFlag()) {
      int start = position;
      int count = readVarIntFlag(true) - 1; // 0 is null, 1 is ""
      position = start;
      check(count);
    }
  }

  @Override
  public byte[] readBytes(int length) {
    check(length);
    return super.readBytes(length);
  }

  @Override
  public int[] readInts(int length) {
    check(length);
    return super.readInts(length);
  }

  @Override
  public int[] readInts(int length, boolean optimizePositive) {
    check(length);
    return super.readInts(length, optimizePositive);
  }

  @Override
  public long[] readLongs(int length) {
    check(length);
    return super.readLongs(length);
  }

  @Override
  public long[] readLongs(int length, boolean optimizePositive) {
    check(length);
    return super.readLongs(length, optimizePositive);
  }

  @Override
  public float[] readFloats(int length) {
    check(length);
    return super.readFloats(length);
  }

  @Override
  public double[] readDoubles(int length) {
    check(length);
    return super.readDoubles(length);
  }

  @Override
  public short[] readShorts(int length) {
    check(length);
    return super.readShorts(length);
  }

  @Override
  public char[] readChars(int length) {
    check(length);
    return super.readChars(length);
  }

  @Override
  public boolean[] readBooleans(int length) {
    check(length);
    return super.readBooleans(length);
  }
}
