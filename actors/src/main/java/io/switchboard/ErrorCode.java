package io.switchboard;

/** Stable error codes; the HTTP API maps each to one status. */
public enum ErrorCode {
  INVALID_NAME,
  INVALID_MESSAGE,
  INVALID_ARGUMENT,
  PAYLOAD_TOO_LARGE,
  UNKNOWN_TOPIC,
  UNKNOWN_GROUP,
  TOPIC_EXISTS,
  GROUP_EXISTS,
  UNKNOWN_RECEIPT,
  OVERLOADED,
  NOT_READY,
  TIMEOUT,
  /** The journal's disk is full: nothing more can be stored until space is freed. */
  JOURNAL_FULL,
  /** No answer while a cluster member is unreachable: the partition may live there; retry soon. */
  PARTITION_UNREACHABLE,
  /** A request's deadline passed before its final reply (it may never have started). */
  DEADLINE_EXCEEDED,
  /** The request was cancelled by its caller; also what a worker's reply gets after that. */
  CANCELLED,
  /** The worker ended the request with {@code fail(reason)}. */
  REQUEST_FAILED,
  /** No request with that id (a reattach to an id that was never sent). */
  UNKNOWN_REQUEST,
  /** The request ended longer ago than the reply retention: its replies are gone. */
  EXPIRED
}
