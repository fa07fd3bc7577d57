package io.switchboard.runtime.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stored form of a static token's secret: {@code hmac-sha256:<salt>:<digest>}, HMAC-SHA256
 * keyed with a random 16-byte salt. A fast hash is enough here because the secrets are 256 random
 * bits minted by {@code token}, not passwords: nobody can guess them however fast the hash, and a
 * slow KDF (PBKDF2, bcrypt) would cost every request milliseconds of CPU for nothing. The salt
 * makes equal secrets store differently and precomputed tables useless.
 */
public final class TokenHash {
  static final String SCHEME = "hmac-sha256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private TokenHash() {}

  /** Returns a new secret: 32 random bytes, base64url. */
  public static String newSecret(SecureRandom random) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return ENCODER.encodeToString(secret);
  }

  /** Returns the stored form of {@code secret} with a new random salt. */
  public static String hash(String secret, SecureRandom random) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return SCHEME
        + ":"
        + ENCODER.encodeToString(salt)
        + ":"
        + ENCODER.encodeToString(digest(salt, secret));
  }

  /** Returns whether {@code secret} is the one {@code stored} was made from (constant time). */
  public static boolean matches(String stored, String secret) {
    String[] parts = stored.split(":");
    byte[] expected = DECODER.decode(parts[2]);
    return MessageDigest.isEqual(expected, digest(DECODER.decode(parts[1]), secret));
  }

  /** Throws {@link IllegalArgumentException} when {@code stored} is not a hash this class makes. */
  static void requireWellFormed(String stored) {
    String[] parts = stored.split(":");
    try {
      if (parts.length != 3
          || !parts[0].equals(SCHEME)
          || DECODER.decode(parts[1]).length < 16
          || DECODER.decode(parts[2]).length != 32) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the hash must be hmac-sha256:<salt>:<digest> as 'token' prints it");
    }
  }

  private static byte[] digest(byte[] salt, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
