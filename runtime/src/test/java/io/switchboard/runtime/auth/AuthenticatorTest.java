package io.switchboard.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static tokens and JWTs in, principals or refusals out; time is passed in, never read. */
class AuthenticatorTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  @Test
  void acceptsATokenOfTheFileAndGivesItsPrincipal() throws Exception {
    String secret = TokenHash.newSecret(RANDOM);
    Path file = tokens(line("ingest", secret, "produce:chat.*"));
    Authenticator auth = Authenticator.of(settings(file, Optional.empty()), NOW);

    Authenticator.Outcome outcome =
        auth.authenticate(bearer(TokenFile.token("ingest", secret)), NOW);

    assertThat(outcome)
        .isEqualTo(
            new Authenticator.Authenticated(
                new Principal("ingest", "team-a", List.of(Grant.parse("produce:chat.*")))));
  }

  @Test
  void refusesMissingWrongAndUnknownTokens() throws Exception {
    String secret = TokenHash.newSecret(RANDOM);
    Authenticator auth =
        Authenticator.of(settings(tokens(line("ingest", secret, "-")), Optional.empty()), NOW);

    assertThat(auth.authenticate(Optional.empty(), NOW)).isInstanceOf(Authenticator.Refused.class);
    assertThat(auth.authenticate(Optional.of("Basic abc"), NOW))
        .isEqualTo(new Authenticator.Refused("the Authorization scheme must be Bearer"));
    assertThat(
            auth.authenticate(bearer(TokenFile.token("ingest", TokenHash.newSecret(RANDOM))), NOW))
        .isEqualTo(new Authenticator.Refused("unknown or revoked token"));
    assertThat(auth.authenticate(bearer(TokenFile.token("nobody", secret)), NOW))
        .isEqualTo(new Authenticator.Refused("unknown or revoked token"));
    assertThat(auth.authenticate(bearer("eyJhbGciOiJub25lIn0.e30."), NOW))
        .isEqualTo(new Authenticator.Refused("unknown token (this node accepts no JWTs)"));
  }

  @Test
  void aRemovedLineRevokesItsTokenAtTheNextCheck() throws Exception {
    String kept = TokenHash.newSecret(RANDOM);
    String revoked = TokenHash.newSecret(RANDOM);
    Path file = tokens(line("kept", kept, "-") + "\n" + line("gone", revoked, "-"));
    Authenticator auth = Authenticator.of(settings(file, Optional.empty()), NOW);
    assertThat(auth.authenticate(bearer(TokenFile.token("gone", revoked)), NOW))
        .isInstanceOf(Authenticator.Authenticated.class);

    Files.writeString(file, line("kept", kept, "-"));
    Files.setLastModifiedTime(file, FileTime.from(NOW.plusSeconds(1)));

    // before the reload interval the file is not looked at; after it, the line is gone
    assertThat(auth.authenticate(bearer(TokenFile.token("gone", revoked)), NOW.plusSeconds(5)))
        .isInstanceOf(Authenticator.Authenticated.class);
    assertThat(auth.authenticate(bearer(TokenFile.token("gone", revoked)), NOW.plusSeconds(10)))
        .isEqualTo(new Authenticator.Refused("unknown or revoked token"));
    assertThat(auth.authenticate(bearer(TokenFile.token("kept", kept)), NOW.plusSeconds(10)))
        .isInstanceOf(Authenticator.Authenticated.class);
  }

  @Test
  void aBrokenFileOnReloadKeepsThePreviousTokens() throws Exception {
    String secret = TokenHash.newSecret(RANDOM);
    Path file = tokens(line("kept", secret, "-"));
    Authenticator auth = Authenticator.of(settings(file, Optional.empty()), NOW);

    Files.writeString(file, "this is not a token line");
    Files.setLastModifiedTime(file, FileTime.from(NOW.plusSeconds(1)));

    assertThat(auth.authenticate(bearer(TokenFile.token("kept", secret)), NOW.plusSeconds(20)))
        .isInstanceOf(Authenticator.Authenticated.class);
  }

  @Test
  void refusesToStartOnABadTokensFile() throws Exception {
    Path file = tokens("ingest team-a produce:chat.* md5:abc");

    assertThatThrownBy(() -> Authenticator.of(settings(file, Optional.empty()), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokens.txt: line 2: the hash must be hmac-sha256");
  }

  @Test
  void acceptsAJwtSignedByAKeyOfTheJwksFile() throws Exception {
    TestJwts issuer = TestJwts.withKey("k1");
    Authenticator auth =
        Authenticator.of(
            settings(null, Optional.of(jwt(issuer.writeJwks(dir.resolve("jwks.json")), List.of()))),
            NOW);

    Authenticator.Outcome outcome =
        auth.authenticate(
            bearer(issuer.token("svc", NOW.plusSeconds(60), List.of("consume:chat.*"))), NOW);

    assertThat(outcome)
        .isEqualTo(
            new Authenticator.Authenticated(
                new Principal("svc", "team-jwt", List.of(Grant.parse("consume:chat.*")))));
  }

  @Test
  void acceptsAJwtSignedByAPemPublicKey() throws Exception {
    TestJwts issuer = TestJwts.withKey("signer");
    Path pem = issuer.writePem(dir.resolve("signer.pem"));
    Authenticator auth =
        Authenticator.of(
            settings(
                null,
                Optional.of(
                    new AuthSettings.Jwt(
                        TestJwts.ISSUER,
                        TestJwts.AUDIENCE,
                        List.of(pem),
                        Optional.empty(),
                        Duration.ofSeconds(30),
                        "tenant",
                        "grants",
                        100))),
            NOW);

    assertThat(auth.authenticate(bearer(issuer.token("svc", NOW.plusSeconds(60), List.of())), NOW))
        .isInstanceOf(Authenticator.Authenticated.class);
  }

  @Test
  void refusesExpiredForeignAndMisaddressedJwts() throws Exception {
    TestJwts issuer = TestJwts.withKey("k1");
    TestJwts stranger = TestJwts.withKey("k1");
    Authenticator auth =
        Authenticator.of(
            settings(null, Optional.of(jwt(issuer.writeJwks(dir.resolve("jwks.json")), List.of()))),
            NOW);
    Instant later = NOW.plusSeconds(60);

    assertThat(refusal(auth, issuer.token("svc", NOW.minusSeconds(31), List.of())))
        .startsWith("JWT refused: expired");
    assertThat(refusal(auth, stranger.token("svc", later, List.of())))
        .startsWith("JWT refused: Signed JWT rejected");
    assertThat(
            refusal(
                auth, issuer.token("svc", "https://other", TestJwts.AUDIENCE, later, List.of())))
        .isEqualTo("JWT refused: issuer is not " + TestJwts.ISSUER);
    assertThat(refusal(auth, issuer.token("svc", TestJwts.ISSUER, "other", later, List.of())))
        .isEqualTo("JWT refused: audience does not include " + TestJwts.AUDIENCE);
    // within the clock skew an expired token still passes
    assertThat(auth.authenticate(bearer(issuer.token("svc", NOW.minusSeconds(29), List.of())), NOW))
        .isInstanceOf(Authenticator.Authenticated.class);
  }

  @Test
  void aRememberedJwtStillExpiresAndIsCheckedAgainAfterTheReloadInterval() throws Exception {
    TestJwts issuer = TestJwts.withKey("k1");
    Path jwks = issuer.writeJwks(dir.resolve("jwks.json"));
    Authenticator auth = Authenticator.of(settings(null, Optional.of(jwt(jwks, List.of()))), NOW);
    String token = issuer.token("svc", NOW.plusSeconds(60), List.of());
    assertThat(auth.authenticate(bearer(token), NOW))
        .isInstanceOf(Authenticator.Authenticated.class);

    // the key leaves the JWKS file: remembered for the rest of the reload interval, then refused
    TestJwts.withKey("k2").writeJwks(jwks);
    Files.setLastModifiedTime(jwks, FileTime.from(NOW.plusSeconds(1)));
    assertThat(auth.authenticate(bearer(token), NOW.plusSeconds(9)))
        .isInstanceOf(Authenticator.Authenticated.class);
    assertThat(auth.authenticate(bearer(token), NOW.plusSeconds(10)))
        .isInstanceOf(Authenticator.Refused.class);
  }

  @Test
  void aRememberedJwtIsRefusedOnceExpired() throws Exception {
    TestJwts issuer = TestJwts.withKey("k1");
    Authenticator auth =
        Authenticator.of(
            settings(null, Optional.of(jwt(issuer.writeJwks(dir.resolve("jwks.json")), List.of()))),
            NOW);
    String token = issuer.token("svc", NOW.plusSeconds(5), List.of());
    assertThat(auth.authenticate(bearer(token), NOW))
        .isInstanceOf(Authenticator.Authenticated.class);

    assertThat(refusal(auth, token, NOW.plusSeconds(36))).startsWith("JWT refused: expired");
  }

  @Test
  void refusesAnUnsignedJwt() throws Exception {
    TestJwts issuer = TestJwts.withKey("k1");
    Authenticator auth =
        Authenticator.of(
            settings(null, Optional.of(jwt(issuer.writeJwks(dir.resolve("jwks.json")), List.of()))),
            NOW);
    String signed = issuer.token("svc", NOW.plusSeconds(60), List.of("admin:*"));
    String[] parts = signed.split("\\.");
    String none =
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes())
            + "."
            + parts[1]
            + ".";

    assertThat(auth.authenticate(bearer(none), NOW)).isInstanceOf(Authenticator.Refused.class);
  }

  private static String refusal(Authenticator auth, String token) {
    return refusal(auth, token, NOW);
  }

  private static String refusal(Authenticator auth, String token, Instant now) {
    Authenticator.Outcome outcome = auth.authenticate(bearer(token), now);
    assertThat(outcome).isInstanceOf(Authenticator.Refused.class);
    return ((Authenticator.Refused) outcome).reason();
  }

  private Path tokens(String content) throws Exception {
    return Files.writeString(
        dir.resolve("tokens.txt"), "# name tenant grants hash\n" + content + "\n");
  }

  private static String line(String name, String secret, String grants) {
    return TokenFile.line(name, "team-a", Grant.parseList(grants), TokenHash.hash(secret, RANDOM));
  }

  private static Optional<String> bearer(String token) {
    return Optional.of("Bearer " + token);
  }

  private static AuthSettings.Jwt jwt(Path jwks, List<Path> pems) {
    return new AuthSettings.Jwt(
        TestJwts.ISSUER,
        TestJwts.AUDIENCE,
        pems,
        Optional.of(jwks),
        Duration.ofSeconds(30),
        "tenant",
        "grants",
        100);
  }

  private static AuthSettings settings(Path tokens, Optional<AuthSettings.Jwt> jwt) {
    return new AuthSettings(true, Optional.ofNullable(tokens), Duration.ofSeconds(10), jwt);
  }
}
