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

  /**
   * The node has no room for another long poll (503 with Retry-After); {@code waitMs} 0 still
   * works.
   */
  public static final String LONG_POLLS_EXHAUSTED = "LONG_POLLS_EXHAUSTED";

  /**
   * No credentials, or bad ones (unknown, revoked, expired, wrong signer): 401 with {@code
   * WWW-Authenticate: Bearer}.
   */
  public static final String UNAUTHENTICATED = "UNAUTHENTICATED";

  /**
   * The principal lacks the right this request needs on its topic (403); says nothing of whether
   * the topic exists.
   */
  public static final String PERMISSION_DENIED = "PERMISSION_DENIED";

  /** A bug or an unexpected failure; the node logs it. */
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  /** The request is not valid HTTP: a malformed request line, header or chunk, too many headers. */
  public static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";

  /**
   * The request path has a dot segment ({@code .}, {@code ..}, also percent-encoded) or an empty
   * one.
   */
  public static final String INVALID_PATH = "INVALID_PATH";

  /** The request target is longer than {@code pekko.http.server.parsing.max-uri-length}. */
  public static final String URI_TOO_LONG = "URI_TOO_LONG";

  /**
   * A header is longer than the parser's limits ({@code pekko.http.server.parsing.max-header-*}).
   */
  public static final String REQUEST_HEADER_FIELDS_TOO_LARGE = "REQUEST_HEADER_FIELDS_TOO_LARGE";

  /** The body is larger than {@code switchboard.http.max-body-bytes}. */
  public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";

  private ApiCodes() {}

  /** Returns the code of a refusal known only by its HTTP status, such as the parser's. */
  public static String forStatus(int status) {
    return switch (status) {
      case 400 -> MALFORMED_REQUEST;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 414 -> URI_TOO_LONG;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 431 -> REQUEST_HEADER_FIELDS_TOO_LARGE;
      case 501 -> NOT_IMPLEMENTED;
      case 505 -> "HTTP_VERSION_NOT_SUPPORTED";
      default -> status >= 500 ? INTERNAL_ERROR : "BAD_REQUEST";
    };
  }
}
