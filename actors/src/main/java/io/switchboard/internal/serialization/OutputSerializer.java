package io.switchboard.internal.serialization;

/**
 * A serializer that writes its binary form into a caller's {@link BinaryOutput} and knows that
 * form's exact size, so a caller that frames the bytes (the journal's stored form) allocates one
 * array of the right size and copies nothing. Its bytes never hold an actor reference.
 */
public interface OutputSerializer extends RefFreeSerializer {
  /**
   * Returns how many bytes {@link #write} writes for {@code o}: exactly, except where a part is
   * known only once written (a payload sealed at rest); the output then grows or is trimmed.
   */
  int size(Object o);

  /** Writes {@code o}'s binary form, the same bytes as {@code toBinary(o)}. */
  void write(Object o, BinaryOutput out);
}
