package io.switchboard.runtime.auth;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of {@code switchboard.auth}.
 *
 * @param enabled every API call needs a bearer token or JWT
 * @param tokensFile the static tokens ({@link TokenFile}); empty: none
 * @param reloadInterval how often the tokens file and JWKS file are checked for a change; zero:
 *     never
 * @param jwt how JWTs are verified; empty: JWTs are not accepted
 */
public record AuthSettings(
    boolean enabled, Optional<Path> tokensFile, Duration reloadInterval, Optional<Jwt> jwt) {

  /**
   * How JWTs are verified.
   *
   * @param issuer the {@code iss} every JWT must carry
   * @param audience a value the JWT's {@code aud} must contain
   * @param publicKeys PEM files of public keys (RSA or EC) that may sign
   * @param jwksFile a JWKS file of keys that may sign; empty: none
   * @param clockSkew how far {@code exp} and {@code nbf} may be off
   * @param tenantClaim the claim that names the principal's tenant
   * @param grantsClaim the claim that lists its grants ({@code right:pattern} strings)
   * @param cacheSize most verified JWTs remembered, so a client that sends the same JWT again is
   *     not verified again (a signature check costs about 2 ms of CPU); 0: none
   */
  public record Jwt(
      String issuer,
      String audience,
      List<Path> publicKeys,
      Optional<Path> jwksFile,
      Duration clockSkew,
      String tenantClaim,
      String grantsClaim,
      int cacheSize) {

    public Jwt {
      publicKeys = List.copyOf(publicKeys);
      if (issuer.isBlank() || audience.isBlank()) {
        throw new IllegalArgumentException(
            "switchboard.auth.jwt needs issuer and audience when keys are given");
      }
      if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            "switchboard.auth.jwt.clock-skew must be between 0s and 10m, got " + clockSkew);
      }
      if (cacheSize < 0 || cacheSize > 1_000_000) {
        throw new IllegalArgumentException(
            "switchboard.auth.jwt.cache-size must be between 0 and 1000000, got " + cacheSize);
      }
    }
  }

  public AuthSettings {
    if (enabled && tokensFile.isEmpty() && jwt.isEmpty()) {
      throw new IllegalArgumentException(
          "switchboard.auth.enabled = on needs switchboard.auth.tokens-file or "
              + "JWT keys (switchboard.auth.jwt.public-keys or jwks-file)");
    }
    if (reloadInterval.isNegative()) {
      throw new IllegalArgumentException(
          "switchboard.auth.reload-interval must be >= 0, got " + reloadInterval);
    }
  }

  /** Reads {@code switchboard.auth}. */
  public static AuthSettings fromConfig(Config auth) {
    Config jwt = auth.getConfig("jwt");
    List<Path> keys =
        jwt.getStringList("public-keys").stream().filter(s -> !s.isBlank()).map(Path::of).toList();
    Optional<Path> jwks = path(jwt, "jwks-file");
    Optional<Jwt> verified =
        keys.isEmpty() && jwks.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new Jwt(
                    jwt.getString("issuer"),
                    jwt.getString("audience"),
                    keys,
                    jwks,
                    jwt.getDuration("clock-skew"),
                    jwt.getString("tenant-claim"),
                    jwt.getString("grants-claim"),
                    jwt.getInt("cache-size")));
    return new AuthSettings(
        auth.getBoolean("enabled"),
        path(auth, "tokens-file"),
        auth.getDuration("reload-interval"),
        verified);
  }

  private static Optional<Path> path(Config config, String key) {
    String value = config.getString(key);
    return value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }
}
