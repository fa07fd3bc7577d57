package io.switchboard.runtime.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns the value of an {@code Authorization} header (or gRPC {@code authorization} metadata) into
 * a principal or a refusal. The one check of every API of a node: HTTP, WebSocket, gRPC,
 * management.
 */
public final class Authenticator {
  private static final String BEARER = "bearer ";

  private final boolean enabled;
  private final Optional<WatchedFile<TokenFile>> tokens;
  private final Optional<JwtVerifier> jwt;

  /** Who is calling, or why nobody is known. */
  public sealed interface Outcome {}

  /** A known caller. */
  public record Authenticated(Principal principal) implements Outcome {}

  /** No credentials, or bad ones; {@code reason} is one line for the caller. */
  public record Refused(String reason) implements Outcome {}

  private Authenticator(
      boolean enabled, Optional<WatchedFile<TokenFile>> tokens, Optional<JwtVerifier> jwt) {
    this.enabled = enabled;
    this.tokens = tokens;
    this.jwt = jwt;
  }

  /**
   * Returns the authenticator of {@code settings}, its files read at {@code now}; throws when they
   * cannot be used.
   */
  public static Authenticator of(AuthSettings settings, Instant now) {
    if (!settings.enabled()) {
      return disabled();
    }
    Duration interval = settings.reloadInterval();
    return new Authenticator(
        true,
        settings.tokensFile().map(file -> new WatchedFile<>(file, interval, TokenFile::read, now)),
        settings.jwt().map(jwt -> new JwtVerifier(jwt, interval, now)));
  }

  /** Returns an authenticator that lets every caller in as {@link Principal#ANONYMOUS}. */
  public static Authenticator disabled() {
    return new Authenticator(false, Optional.empty(), Optional.empty());
  }

  /**
   * Returns whether callers must authenticate; without, every caller is {@link
   * Principal#ANONYMOUS}.
   */
  public boolean enabled() {
    return enabled;
  }

  /** Returns who sent {@code authorization} (the header's value, if any) at {@code now}. */
  public Outcome authenticate(Optional<String> authorization, Instant now) {
    if (!enabled) {
      return new Authenticated(Principal.ANONYMOUS);
    }
    if (authorization.isEmpty()) {
      return new Refused("no credentials: send Authorization: Bearer <token>");
    }
    String value = authorization.get().strip();
    if (value.length() <= BEARER.length()
        || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return new Refused("the Authorization scheme must be Bearer");
    }
    String token = value.substring(BEARER.length()).strip();
    if (token.startsWith(TokenFile.PREFIX)) {
      return tokens
          .flatMap(file -> file.current(now).principal(token))
          .<Outcome>map(Authenticated::new)
          .orElseGet(() -> new Refused("unknown or revoked token"));
    }
    if (jwt.isEmpty()) {
      return new Refused("unknown token (this node accepts no JWTs)");
    }
    try {
      return new Authenticated(jwt.get().verify(token, now));
    } catch (IllegalArgumentException e) {
      return new Refused(e.getMessage());
    }
  }

  /** Returns how callers are authenticated under {@code settings}, for the start line. */
  public static String describe(AuthSettings settings) {
    if (!settings.enabled()) {
      return "off";
    }
    return "tokens "
        + settings.tokensFile().map(Path::toString).orElse("(none)")
        + settings.jwt().map(jwt -> ", JWT from " + jwt.issuer()).orElse("");
  }
}
