package io.switchboard.internal.journal;

/** What has happened to a journal write before it is confirmed. */
enum Durability {
  /** The write-ahead log is synced to the device: survives a power cut. */
  FSYNC,
  /** The operating system has the write: survives a process crash, not a power cut. */
  OS
}
