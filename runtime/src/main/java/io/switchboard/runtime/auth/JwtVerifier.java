package io.switchboard.runtime.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies JWTs with nimbus-jose-jwt: an RSA or EC signature (RS*, PS*, ES*; never {@code none} or
 * HMAC) by one of the configured keys, then {@code iss}, {@code aud}, {@code exp} (required) and
 * {@code nbf} against the time passed in, give or take the clock skew. {@code sub} names the
 * principal; the tenant and grants claims come from the settings. A verified JWT is remembered (up
 * to {@code cache-size}) until it expires or the reload interval has passed.
 */
final class JwtVerifier {
  private static final Set<JWSAlgorithm> ALGORITHMS = signatureAlgorithms();

  private final AuthSettings.Jwt settings;
  private final Duration recheck;
  private final DefaultJWTProcessor<Now> processor = new DefaultJWTProcessor<>();
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  /** A JWT verified at {@code at}: trusted again until it expires or {@code recheck} has passed. */
  private record Verified(Principal principal, Instant expires, Instant at) {}

  /** The time of one verification, handed to the key source and the claims check. */
  private record Now(Instant instant) implements SecurityContext {}

  JwtVerifier(AuthSettings.Jwt settings, Duration reloadInterval, Instant now) {
    this.settings = settings;
    this.recheck = reloadInterval;
    List<JWK> fixed = PemPublicKeys.read(settings.publicKeys());
    Optional<WatchedFile<JWKSet>> jwks =
        settings
            .jwksFile()
            .map(path -> new WatchedFile<>(path, reloadInterval, JwtVerifier::readJwks, now));
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            ALGORITHMS,
            (selector, context) -> {
              List<JWK> keys = new ArrayList<>(selector.select(new JWKSet(fixed)));
              jwks.ifPresent(file -> keys.addAll(selector.select(file.current(context.instant()))));
              return keys;
            }));
    processor.setJWTClaimsSetVerifier(this::verifyClaims);
  }

  /**
   * Returns the principal of {@code token}; throws {@link IllegalArgumentException} saying why not.
   */
  Principal verify(String token, Instant now) {
    Verified known = verified.get(token);
    if (known != null
        && !now.isAfter(known.expires().plus(settings.clockSkew()))
        && (recheck.isZero() || now.isBefore(known.at().plus(recheck)))) {
      return known.principal();
    }
    Principal principal = verifyFully(token, now);
    remember(token, principal, now);
    return principal;
  }

  private void remember(String token, Principal principal, Instant now) {
    if (settings.cacheSize() == 0) {
      return;
    }
    if (verified.size() >= settings.cacheSize()) {
      // rare, and cheap to refill: no eviction order to keep
      verified.clear();
    }
    try {
      Instant expires = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
      verified.put(token, new Verified(principal, expires, now));
    } catch (ParseException e) {
      throw new IllegalStateException("a verified JWT parses", e);
    }
  }

  private Principal verifyFully(String token, Instant now) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, new Now(now));
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JWT: " + e.getMessage());
    } catch (BadJOSEException | JOSEException e) {
      throw new IllegalArgumentException("JWT refused: " + e.getMessage());
    }
    try {
      String tenant = claims.getStringClaim(settings.tenantClaim());
      List<String> grants = claims.getStringListClaim(settings.grantsClaim());
      List<Grant> parsed = grants == null ? List.of() : grants.stream().map(Grant::parse).toList();
      return new Principal(claims.getSubject(), tenant == null ? "default" : tenant, parsed);
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "JWT refused: claim '"
              + settings.tenantClaim()
              + "' must be a string and '"
              + settings.grantsClaim()
              + "' a list of strings");
    }
  }

  private void verifyClaims(JWTClaimsSet claims, Now now) throws BadJWTException {
    if (!settings.issuer().equals(claims.getIssuer())) {
      throw new BadJWTException("issuer is not " + settings.issuer());
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(settings.audience())) {
      throw new BadJWTException("audience does not include " + settings.audience());
    }
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      throw new BadJWTException("no subject (sub)");
    }
    Date expires = claims.getExpirationTime();
    if (expires == null) {
      throw new BadJWTException("no expiry (exp)");
    }
    if (now.instant().isAfter(expires.toInstant().plus(settings.clockSkew()))) {
      throw new BadJWTException("expired at " + expires.toInstant());
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null
        && now.instant().isBefore(notBefore.toInstant().minus(settings.clockSkew()))) {
      throw new BadJWTException("not valid before " + notBefore.toInstant());
    }
  }

  private static JWKSet readJwks(Path path) {
    try {
      return JWKSet.parse(Files.readString(path));
    } catch (IOException | ParseException e) {
      throw new IllegalArgumentException("not a JWKS file: " + e.getMessage(), e);
    }
  }

  private static Set<JWSAlgorithm> signatureAlgorithms() {
    Set<JWSAlgorithm> algorithms = new HashSet<>(JWSAlgorithm.Family.RSA);
    algorithms.addAll(JWSAlgorithm.Family.EC);
    return Set.copyOf(algorithms);
  }
}
