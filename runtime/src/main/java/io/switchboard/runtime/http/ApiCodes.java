package io.switchboard.runtime.http;

/**
 * Error codes only the HTTP layer produces; every other code is an {@link io.switchboard.ErrorCode}
 * name. Clients may switch on all of them: they do not change.
 */
public final class ApiCodes {
  /** The body is not parseable JSON. */
  public static final String MALFORMED_JSON = "MALFORMED_JSON";
  /** The body is not {@code application/json}. */
  public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
  /** No endpoint has this path. */
  public static final String NOT_FOUND = "NOT_FOUND";
  /** The endpoint exists but not with this method. */
  public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
  /** The library does not implement this operation yet. */
  public static final String NOT_IMPLEMENTED = "NOT_IMPLEMENTED";
  /** The node is shutting down: retry on another node (503 with Retry-After). */
  public static final String STOPPING = "STOPPING";
  /** This client has too many long polls open on this node (429 with Retry-After). */
  public static final String TOO_MANY_LONG_POLLS = "TOO_MANY_LONG_POLLS";
  /** The node has no room for another long poll (503 with Retry-After); {@code waitMs} 0 still works. */
  public static final String LONG_POLLS_EXHAUSTED = "LONG_POLLS_EXHAUSTED";
  /** A bug or an unexpected failure; the node logs it. */
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private ApiCodes() {}
}
