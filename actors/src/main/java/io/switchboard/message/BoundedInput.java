package io.switchboard.message;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo {@link Input} over a whole payload that refuses an array length larger than the bytes
 * left before allocating the array: Kryo sizes arrays from a length in the bytes, so without
 * this an 11-byte payload makes it allocate up to 2 GiB (or throw {@link OutOfMemoryError}).
 * Every element takes at least one byte, so the bytes left bound every honest length.
 */
final class BoundedInput extends Input {
  BoundedInput(byte[] buffer, int offset, int count) {
    super(buffer, offset, count);
  }

  private void check(int length) {
    if (length > limit - position) {
      throw new KryoException("Buffer underflow: an array of " + length + " in " + (limit - position) + " bytes");
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
