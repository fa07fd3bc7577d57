package io.switchboard.runtime.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** An issuer of test JWTs: an EC P-256 key, its JWKS or PEM file, and tokens signed with it. */
public final class TestJwts {
  public static final String ISSUER = "https://issuer.test";
  public static final String AUDIENCE = "switchboard";

  private final ECKey key;

  private TestJwts(ECKey key) {
    this.key = key;
  }

  /** Returns an issuer with a new key named {@code id}. */
  public static TestJwts withKey(String id) {
    try {
      return new TestJwts(new ECKeyGenerator(Curve.P_256).keyID(id).generate());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the public key as a JWKS file. */
  public Path writeJwks(Path file) throws IOException {
    return Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
  }

  /** Writes the public key as a PEM file ("BEGIN PUBLIC KEY"). */
  public Path writePem(Path file) throws IOException {
    try {
      String body = Base64.getMimeEncoder().encodeToString(key.toECPublicKey().getEncoded());
      return Files.writeString(
          file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Returns a JWT for {@code subject} expiring at {@code expires}, with the given issuer, audience
   * and grants.
   */
  public String token(
      String subject, String issuer, String audience, Instant expires, List<String> grants) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .issuer(issuer)
            .audience(audience)
            .expirationTime(Date.from(expires))
            .claim("tenant", "team-jwt")
            .claim("grants", grants)
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** Returns a valid JWT for {@code subject} until {@code expires}. */
  public String token(String subject, Instant expires, List<String> grants) {
    return token(subject, ISSUER, AUDIENCE, expires, grants);
  }
}
