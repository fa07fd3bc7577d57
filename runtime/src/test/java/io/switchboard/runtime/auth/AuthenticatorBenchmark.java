package io.switchboard.runtime.auth;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * CPU of one authentication in one thread: a static token (HMAC-SHA256 over a file of {@code
 * tokens} lines) and an ES256 JWT, remembered (the default) and verified every call (signature and
 * claims): the cost every request pays with {@code switchboard.auth} on. Prints numbers; asserts
 * nothing.
 *
 * <pre>
 * java -cp ... io.switchboard.runtime.auth.AuthenticatorBenchmark [tokens=1000] [seconds=5]
 * </pre>
 */
public final class AuthenticatorBenchmark {
  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

  private AuthenticatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("auth-bench");
    SecureRandom random = new SecureRandom();
    List<String> lines = new ArrayList<>();
    String token = null;
    for (int i = 0; i < tokens; i++) {
      String secret = TokenHash.newSecret(random);
      lines.add(
          TokenFile.line(
              "client-" + i,
              "t",
              List.of(Grant.parse("produce:*")),
              TokenHash.hash(secret, random)));
      token = TokenFile.token("client-" + i, secret);
    }
    Path file = Files.write(dir.resolve("tokens.txt"), lines);
    TestJwts issuer = TestJwts.withKey("k");
    Path jwks = issuer.writeJwks(dir.resolve("jwks.json"));
    Instant now = Instant.now();
    Authenticator auth = authenticator(file, jwks, 10_000, now);
    Authenticator unremembering = authenticator(file, jwks, 0, now);
    String jwt = issuer.token("svc", now.plusSeconds(3600), List.of("produce:*"));

    Optional<String> staticHeader = Optional.of("Bearer " + token);
    Optional<String> jwtHeader = Optional.of("Bearer " + jwt);
    for (int round = 0; round < 2; round++) {
      report(
          round == 0 ? "warm-up static token" : "static token (" + tokens + " in the file)",
          seconds,
          () -> auth.authenticate(staticHeader, now));
      report(
          round == 0 ? "warm-up JWT ES256" : "JWT ES256, remembered",
          seconds,
          () -> auth.authenticate(jwtHeader, now));
      report(
          round == 0 ? "warm-up JWT ES256, cache 0" : "JWT ES256, verified every call",
          seconds,
          () -> unremembering.authenticate(jwtHeader, now));
    }
  }

  private static Authenticator authenticator(Path tokens, Path jwks, int cacheSize, Instant now) {
    return Authenticator.of(
        new AuthSettings(
            true,
            Optional.of(tokens),
            Duration.ofSeconds(10),
            Optional.of(
                new AuthSettings.Jwt(
                    TestJwts.ISSUER,
                    TestJwts.AUDIENCE,
                    List.of(),
                    Optional.of(jwks),
                    Duration.ofSeconds(30),
                    "tenant",
                    "grants",
                    cacheSize))),
        now);
  }

  private static void report(String what, int seconds, Supplier<Authenticator.Outcome> call) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long cpuStart = THREAD.getCurrentThreadCpuTime();
    long count = 0;
    while (System.nanoTime() < end) {
      if (!(call.get() instanceof Authenticator.Authenticated)) {
        throw new IllegalStateException(what + " was refused");
      }
      count++;
    }
    double cpuMicros = (THREAD.getCurrentThreadCpuTime() - cpuStart) / 1_000.0 / count;
    System.out.printf(
        Locale.ROOT,
        "%-32s %,12d calls in %d s  %8.2f us CPU per call  %,10.0f calls/s per core%n",
        what,
        count,
        seconds,
        cpuMicros,
        1_000_000 / cpuMicros);
  }
}
