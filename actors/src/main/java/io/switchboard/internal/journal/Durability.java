package io.switchboard.internal.journal;

import java.util.Locale;

/** What has happened to a journal write before it is confirmed. */
enum Durability {
  /** The write-ahead log is synced to the device: survives a power cut. */
  FSYNC,
  /** The operating system has the write: survives a process crash, not a power cut. */
  OS;

  static Durability parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "switchboard.journal.durability must be fsync or os, got \"" + value + "\"", e);
    }
  }
}
