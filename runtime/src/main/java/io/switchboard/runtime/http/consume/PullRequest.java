package io.switchboard.runtime.http.consume;

/** The optional body of a pull: at most {@code max} deliveries, waiting up to {@code waitMs}. */
public record PullRequest(Integer max, Long waitMs) {
  static final PullRequest DEFAULT = new PullRequest(null, null);
}
