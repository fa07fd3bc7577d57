package io.switchboard.atrest;

import io.switchboard.message.Message;
import io.switchboard.message.PayloadSealing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals payloads for the journal: lz4 or zstd above a size when that makes them smaller, then
 * AES-GCM under the key ring's active key with a fresh 12-byte nonce. The stored form is {@code
 * version, flags, [key id, nonce,] body}; the message's id and topic and that header are
 * authenticated with it, so a payload tampered with, or moved to another message, does not open.
 * Thread-safe.
 */
public final class PayloadSealer implements PayloadSealing {
  private static final byte VERSION = 1;
  // flags: lz4 (the first compression, so its bit kept the name), encrypted, zstd
  private static final int COMPRESSED = 1;
  private static final int ENCRYPTED = 2;
  private static final int ZSTD = 4;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private static final ThreadLocal<Cipher> CIPHER =
      ThreadLocal.withInitial(PayloadSealer::newCipher);

  private final AtRestSettings settings;
  private final KeyRing keys;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Boolean> covered = new ConcurrentHashMap<>();

  PayloadSealer(AtRestSettings settings, KeyRing keys) {
    this.settings = settings;
    this.keys = keys;
  }

  /**
   * Returns the sealer of {@code settings}, reading its keys from the key file or the process's
   * environment; empty when payloads are stored as they are.
   */
  public static Optional<PayloadSealer> of(AtRestSettings settings) {
    return of(settings, System::getenv);
  }

  /**
   * Returns the sealer of {@code settings}, looking environment variables up in {@code
   * environment}.
   */
  public static Optional<PayloadSealer> of(
      AtRestSettings settings, Function<String, String> environment) {
    if (!settings.active()) {
      return Optional.empty();
    }
    return Optional.of(
        new PayloadSealer(
            settings, settings.encryption() ? KeyRing.of(settings, environment) : null));
  }

  @Override
  public byte[] seal(Message message) {
    if (!covered.computeIfAbsent(message.topic(), settings::covers)) {
      return null;
    }
    byte[] body = message.payload();
    int flags = 0;
    if (settings.compression() != AtRestSettings.Compression.NONE
        && body.length > settings.compressAbove()) {
      boolean zstd = settings.compression() == AtRestSettings.Compression.ZSTD;
      byte[] packed = zstd ? PayloadCompression.zstd(body) : PayloadCompression.lz4(body);
      if (packed.length < body.length) {
        body = packed;
        flags |= zstd ? ZSTD : COMPRESSED;
      }
    }
    if (keys == null) {
      return flags == 0 ? null : compressedOnly(flags, body);
    }
    return encrypt(message, flags | ENCRYPTED, body);
  }

  @Override
  public byte[] open(String id, String topic, byte[] sealed) {
    ByteBuffer in = ByteBuffer.wrap(sealed);
    if (sealed.length < 2 || in.get() != VERSION) {
      throw new IllegalArgumentException("a payload sealed in an unknown version");
    }
    int flags = in.get();
    byte[] body;
    if ((flags & ENCRYPTED) != 0) {
      body = decrypt(id, topic, in, sealed);
    } else {
      body = new byte[in.remaining()];
      in.get(body);
    }
    if ((flags & ZSTD) != 0) {
      return PayloadCompression.unzstd(body);
    }
    return (flags & COMPRESSED) != 0 ? PayloadCompression.unlz4(body) : body;
  }

  private byte[] encrypt(Message message, int flags, byte[] body) {
    byte[] keyId = keys.activeId().getBytes(StandardCharsets.US_ASCII);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] header = header(flags, keyId, nonce);
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.ENCRYPT_MODE, keys.active(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(header);
      cipher.updateAAD(boundTo(message.id(), message.topic()));
      return withHeader(header, cipher.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to encrypt: " + e.getMessage(), e);
    }
  }

  private byte[] decrypt(String id, String topic, ByteBuffer in, byte[] sealed) {
    int idLength = in.get() & 0xFF;
    if (in.remaining() < idLength + NONCE_BYTES) {
      throw new IllegalArgumentException("a sealed payload cut short");
    }
    String keyId = new String(sealed, in.position(), idLength, StandardCharsets.US_ASCII);
    in.position(in.position() + idLength);
    SecretKey key = keys == null ? null : keys.key(keyId);
    if (key == null) {
      throw new IllegalArgumentException(
          "message "
              + id
              + " of "
              + topic
              + " is encrypted under key '"
              + keyId
              + "', which is not among the at-rest keys");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(nonce);
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(sealed, 0, in.position());
      cipher.updateAAD(boundTo(id, topic));
      return cipher.doFinal(sealed, in.position(), in.remaining());
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException(
          "message "
              + id
              + " of "
              + topic
              + " does not open under key '"
              + keyId
              + "': its stored payload was altered");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "message " + id + " of " + topic + " cannot be decrypted: " + e.getMessage(), e);
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

  private static byte[] compressedOnly(int flags, byte[] body) {
    return ByteBuffer.allocate(2 + body.length).put(VERSION).put((byte) flags).put(body).array();
  }

  private static byte[] withHeader(byte[] header, byte[] body) {
    return ByteBuffer.allocate(header.length + body.length).put(header).put(body).array();
  }

  private static byte[] boundTo(String id, String topic) {
    return (id + "\n" + topic).getBytes(StandardCharsets.UTF_8);
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no AES/GCM", e);
    }
  }
}
