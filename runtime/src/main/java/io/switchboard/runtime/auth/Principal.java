package io.switchboard.runtime.auth;

import java.util.List;

/**
 * Who is calling: a token's or a JWT subject's name, the tenant whose fair share and rate limits
 * its requests count against, and its grants.
 */
public record Principal(String name, String tenant, List<Grant> grants) {

  /** The caller of a node without authentication: every right on every topic. */
  public static final Principal ANONYMOUS =
      new Principal(
          "anonymous",
          "default",
          List.of(
              new Grant(Right.PRODUCE, "*"),
              new Grant(Right.CONSUME, "*"),
              new Grant(Right.ADMIN, "*")));

  public Principal {
    grants = List.copyOf(grants);
  }

  /** Returns whether this principal has {@code right} on {@code topic}. */
  public boolean may(Right right, String topic) {
    return grants.stream().anyMatch(grant -> grant.right() == right && grant.matches(topic));
  }

  /** Returns whether this principal has {@code right} on every topic (a grant on {@code *}). */
  public boolean mayEverywhere(Right right) {
    return grants.stream().anyMatch(grant -> grant.right() == right && grant.coversAll());
  }

  /**
   * Returns whether this principal has any right on {@code topic}: only then may it learn that it
   * exists.
   */
  public boolean sees(String topic) {
    return grants.stream().anyMatch(grant -> grant.matches(topic));
  }
}
