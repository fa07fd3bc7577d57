package io.switchboard.internal.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key layout. Events and snapshots: numeric persistence id then sequence number, both big-endian,
 * so one persistence id's entries are contiguous and in order. Metadata: a tag byte, then the
 * persistence id's name ({@link #ID}) or number ({@link #DELETED_TO}).
 */
final class JournalKeys {
  static final byte ID = 'p';
  static final byte DELETED_TO = 'd';

  private JournalKeys() {}

  static byte[] entry(long id, long sequenceNr) {
    return ByteBuffer.allocate(16).putLong(id).putLong(sequenceNr).array();
  }

  /** Returns the first key after every entry of {@code id}. */
  static byte[] entriesEnd(long id) {
    return entry(id + 1, 0);
  }

  static long id(byte[] entryKey) {
    return ByteBuffer.wrap(entryKey).getLong(0);
  }

  static long sequenceNr(byte[] entryKey) {
    return ByteBuffer.wrap(entryKey).getLong(8);
  }

  static byte[] idKey(String persistenceId) {
    byte[] name = persistenceId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + name.length).put(ID).put(name).array();
  }

  static String persistenceId(byte[] idKey) {
    return new String(idKey, 1, idKey.length - 1, StandardCharsets.UTF_8);
  }

  static byte[] deletedToKey(long id) {
    return ByteBuffer.allocate(9).put(DELETED_TO).putLong(id).array();
  }

  static byte[] longValue(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  static long longValue(byte[] value) {
    return ByteBuffer.wrap(value).getLong();
  }
}
