package io.switchboard.atrest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The codec chain's bytes, shared by payloads at rest and end to end: {@code version (1), flags,
 * [key id length, key id, 12-byte nonce,] body}, flags 1 = lz4, 2 = AES-GCM, 4 = zstd. The body is
 * compressed (when above the threshold and smaller for it) then encrypted under the ring's active
 * key; the header and a caller's binding (what the payload belongs to) are authenticated with it.
 * Thread-safe.
 */
public final class PayloadEnvelope {
  private static final byte VERSION = 1;
  // flags: lz4 (the first compression, so its bit kept the name), encrypted, zstd
  private static final int COMPRESSED = 1;
  private static final int ENCRYPTED = 2;
  private static final int ZSTD = 4;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private static final ThreadLocal<Cipher> CIPHER =
      ThreadLocal.withInitial(PayloadEnvelope::newCipher);

  private final AtRestSettings.Compression compression;
  private final int compressAbove;
  private final KeyRing keys;
  private final String keysName;
  private final SecureRandom random = new SecureRandom();

  /**
   * An envelope that compresses with {@code compression} above {@code compressAbove} bytes and
   * encrypts under {@code keys} (null: compresses only); {@code keysName} names the keys in errors
   * ("the at-rest keys").
   */
  public PayloadEnvelope(
      AtRestSettings.Compression compression, int compressAbove, KeyRing keys, String keysName) {
    this.compression = compression;
    this.compressAbove = compressAbove;
    this.keys = keys;
    this.keysName = keysName;
  }

  /**
   * Returns the sealed form of {@code payload} bound to {@code binding}, or null when it would be
   * the payload unchanged (no keys, and compression did not pay).
   */
  public byte[] seal(byte[] payload, byte[] binding) {
    byte[] body = payload;
    int flags = 0;
    if (compression != AtRestSettings.Compression.NONE && body.length > compressAbove) {
      boolean zstd = compression == AtRestSettings.Compression.ZSTD;
      byte[] packed = zstd ? PayloadCompression.zstd(body) : PayloadCompression.lz4(body);
      if (packed.length < body.length) {
        body = packed;
        flags |= zstd ? ZSTD : COMPRESSED;
      }
    }
    if (keys == null) {
      return flags == 0 ? null : compressedOnly(flags, body);
    }
    return encrypt(flags | ENCRYPTED, body, binding);
  }

  /**
   * Returns the payload of {@code sealed}, bound to {@code binding}; {@code what} names it in
   * errors ("message 7 of chat"). Throws {@link IllegalArgumentException} when it cannot be opened
   * (unknown key, altered bytes, another binding), or when {@code mustBeEncrypted} and it is not.
   */
  public byte[] open(
      byte[] sealed, byte[] binding, boolean mustBeEncrypted, Supplier<String> what) {
    ByteBuffer in = ByteBuffer.wrap(sealed);
    if (sealed.length < 2 || in.get() != VERSION) {
      throw new IllegalArgumentException("a payload sealed in an unknown version");
    }
    int flags = in.get();
    byte[] body;
    if ((flags & ENCRYPTED) != 0) {
      body = decrypt(in, sealed, binding, what);
    } else if (mustBeEncrypted) {
      throw new IllegalArgumentException(what.get() + " is not encrypted");
    } else {
      body = new byte[in.remaining()];
      in.get(body);
    }
    if ((flags & ZSTD) != 0) {
      return PayloadCompression.unzstd(body);
    }
    return (flags & COMPRESSED) != 0 ? PayloadCompression.unlz4(body) : body;
  }

  private byte[] encrypt(int flags, byte[] body, byte[] binding) {
    byte[] keyId = keys.activeId().getBytes(StandardCharsets.US_ASCII);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] header = header(flags, keyId, nonce);
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.ENCRYPT_MODE, keys.active(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(header);
      cipher.updateAAD(binding);
      return withHeader(header, cipher.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to encrypt: " + e.getMessage(), e);
    }
  }

  private byte[] decrypt(ByteBuffer in, byte[] sealed, byte[] binding, Supplier<String> what) {
    if (!in.hasRemaining()) {
      throw new IllegalArgumentException("a sealed payload cut short");
    }
    int idLength = in.get() & 0xFF;
    if (in.remaining() < idLength + NONCE_BYTES) {
      throw new IllegalArgumentException("a sealed payload cut short");
    }
    String keyId = new String(sealed, in.position(), idLength, StandardCharsets.US_ASCII);
    in.position(in.position() + idLength);
    SecretKey key = keys == null ? null : keys.key(keyId);
    if (key == null) {
      throw new IllegalArgumentException(
          what.get() + " is encrypted under key '" + keyId + "', which is not among " + keysName);
    }
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(nonce);
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(sealed, 0, in.position());
      cipher.updateAAD(binding);
      return cipher.doFinal(sealed, in.position(), in.remaining());
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException(
          what.get() + " does not open under key '" + keyId + "': its payload was altered");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(what.get() + " cannot be decrypted: " + e.getMessage(), e);
    }
  }

  private static byte[] header(int flags, byte[] keyId, byte[] nonce) {
    return ByteBuffer.allocate(3 + keyId.length + nonce.length)
        .put(VERSION)
        .put((byte) flags)
        .put((byte) keyId.length)
        .put(keyId)
        .put(nonce)
        .array();
  }

  /** Returns {@code payload} in the envelope as it is: neither compressed nor encrypted. */
  public static byte[] plain(byte[] payload) {
    return compressedOnly(0, payload);
  }

  private static byte[] compressedOnly(int flags, byte[] body) {
    return ByteBuffer.allocate(2 + body.length).put(VERSION).put((byte) flags).put(body).array();
  }

  private static byte[] withHeader(byte[] header, byte[] body) {
    return ByteBuffer.allocate(header.length + body.length).put(header).put(body).array();
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no AES/GCM", e);
    }
  }
}
