package io.switchboard.atrest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.message.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing and opening payloads with real lz4 and AES-GCM, keys from real files. */
class PayloadSealerTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] TEXT =
      "the prompt of a user, with personal data in it. "
          .repeat(100)
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void compressesThenEncryptsAndOpensBackToTheSameBytes() throws Exception {
    PayloadSealer sealer = sealer(List.of("*"), "lz4", true, keys("k1"));
    Message message = message("chat.requests", TEXT);
    byte[] sealed = sealer.seal(message);
    assertThat(sealed.length).isLessThan(TEXT.length / 4);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("personal data");
    assertThat(sealer.open(message.id(), message.topic(), sealed)).isEqualTo(TEXT);
  }

  @Test
  void zstdSealsSmallerThanLz4AndWhatEitherStoredOpensUnderTheOther() throws Exception {
    Path keys = keys("k1");
    PayloadSealer lz4 = sealer(List.of("*"), "lz4", false, null);
    PayloadSealer zstd = sealer(List.of("*"), "zstd", false, null);
    PayloadSealer zstdEncrypted = sealer(List.of("*"), "zstd", true, keys);
    PayloadSealer lz4Encrypted = sealer(List.of("*"), "lz4", true, keys);
    Message message = message("t", TEXT);

    byte[] underLz4 = lz4.seal(message);
    byte[] underZstd = zstd.seal(message);
    assertThat(underZstd.length).isLessThan(underLz4.length);
    assertThat(zstd.open(message.id(), "t", underLz4)).isEqualTo(TEXT);
    assertThat(lz4.open(message.id(), "t", underZstd)).isEqualTo(TEXT);

    byte[] sealed = zstdEncrypted.seal(message);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("personal data");
    assertThat(lz4Encrypted.open(message.id(), "t", sealed)).isEqualTo(TEXT);
    assertThat(zstdEncrypted.open(message.id(), "t", lz4Encrypted.seal(message))).isEqualTo(TEXT);
  }

  @Test
  void refusesZstdBytesThatDoNotDecompressToTheirLength() throws Exception {
    PayloadSealer zstd = sealer(List.of("*"), "zstd", false, null);
    Message message = message("t", TEXT);
    byte[] sealed = zstd.seal(message);
    byte[] cut = java.util.Arrays.copyOf(sealed, sealed.length - 5);
    assertThatThrownBy(() -> zstd.open(message.id(), "t", cut))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] longer = sealed.clone();
    longer[2] = 0x7f; // the original length: 2 GiB is more than any payload
    assertThatThrownBy(() -> zstd.open(message.id(), "t", longer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("claims");
    byte[] garbage = sealed.clone();
    for (int i = 6; i < garbage.length; i++) {
      garbage[i] = (byte) i;
    }
    assertThatThrownBy(() -> zstd.open(message.id(), "t", garbage))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encryptsEveryTimeWithAFreshNonce() throws Exception {
    PayloadSealer sealer = sealer(List.of("*"), "none", true, keys("k1"));
    Message message = message("t", "same".getBytes(StandardCharsets.UTF_8));
    assertThat(sealer.seal(message)).isNotEqualTo(sealer.seal(message));
  }

  @Test
  void refusesAPayloadTamperedWithOrMovedToAnotherMessage() throws Exception {
    PayloadSealer sealer = sealer(List.of("*"), "lz4", true, keys("k1"));
    Message message = message("t", TEXT);
    byte[] sealed = sealer.seal(message);
    byte[] tampered = sealed.clone();
    tampered[tampered.length - 20] ^= 1;
    assertThatThrownBy(() -> sealer.open(message.id(), "t", tampered))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was altered");
    assertThatThrownBy(() -> sealer.open("another-id", "t", sealed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was altered");
  }

  @Test
  void aRotatedRingStillOpensWhatTheRetiredKeyEncrypted() throws Exception {
    Path file = keys("k1");
    Message message = message("t", TEXT);
    byte[] underK1 = sealer(List.of("*"), "none", true, file).seal(message);

    Files.writeString(file, "k2 " + newKey() + "\n", java.nio.file.StandardOpenOption.APPEND);
    PayloadSealer rotated = sealer(List.of("*"), "none", true, file);
    assertThat(rotated.open(message.id(), "t", underK1)).isEqualTo(TEXT);
    byte[] underK2 = rotated.seal(message);
    assertThat(new String(underK2, StandardCharsets.ISO_8859_1)).contains("k2");

    PayloadSealer withoutK1 = sealer(List.of("*"), "none", true, keys("k2"));
    assertThatThrownBy(() -> withoutK1.open(message.id(), "t", underK1))
        .hasMessageContaining("encrypted under key 'k1', which is not among the at-rest keys");
  }

  @Test
  void sealsOnlyTheTopicsItCoversAndCompressesOnlyWhatShrinks() throws Exception {
    PayloadSealer sealer = sealer(List.of("chat.*", "audit"), "lz4", false, null);
    assertThat(sealer.seal(message("metrics", TEXT))).isNull();
    assertThat(sealer.seal(message("chat.requests", TEXT))).isNotNull();
    assertThat(sealer.seal(message("audit", TEXT))).isNotNull();
    byte[] noise = new byte[4096];
    RANDOM.nextBytes(noise);
    assertThat(sealer.seal(message("chat.requests", noise)))
        .as("random bytes do not shrink")
        .isNull();
    assertThat(sealer.seal(message("chat.requests", "short".getBytes(StandardCharsets.UTF_8))))
        .isNull();
  }

  @Test
  void refusesKeyFilesThatCannotWorkNamingTheLine() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bad.keys"),
            "# keys\nk1 " + Base64.getEncoder().encodeToString(new byte[7]) + "\n");
    assertThatThrownBy(() -> KeyRing.read(file))
        .hasMessageContaining("bad.keys line 2")
        .hasMessageContaining("16, 24 or 32 bytes, got 7");
    Files.writeString(file, "# nothing\n");
    assertThatThrownBy(() -> KeyRing.read(file)).hasMessageContaining("holds no key");
    AtRestSettings withoutKeys =
        new AtRestSettings(
            List.of("*"), AtRestSettings.Compression.NONE, 0, true, Optional.empty());
    assertThatThrownBy(() -> PayloadSealer.of(withoutKeys, name -> null))
        .hasMessageContaining("there is no key")
        .hasMessageContaining("SWITCHBOARD_AT_REST_KEYS");
  }

  @Test
  void readsKeysFromTheEnvironmentVariableSeparatedByNewlinesOrSemicolons() {
    String k1 = newKey();
    String k2 = newKey();
    AtRestSettings settings =
        new AtRestSettings(List.of("*"), AtRestSettings.Compression.LZ4, 0, true, Optional.empty());
    Message message = message("t", TEXT);
    byte[] underK1 = PayloadSealer.of(settings, env("k1 " + k1)).orElseThrow().seal(message);

    PayloadSealer rotated =
        PayloadSealer.of(settings, env("k1 " + k1 + "; k2 " + k2)).orElseThrow();
    assertThat(rotated.open(message.id(), "t", underK1)).isEqualTo(TEXT);
    assertThat(new String(rotated.seal(message), StandardCharsets.ISO_8859_1)).contains("k2");
    PayloadSealer lines = PayloadSealer.of(settings, env("k2 " + k2 + "\nk1 " + k1)).orElseThrow();
    assertThat(lines.open(message.id(), "t", underK1)).isEqualTo(TEXT);
  }

  @Test
  void refusesAMalformedKeyInTheEnvironmentNamingTheVariableButNotTheKey() throws Exception {
    AtRestSettings settings =
        new AtRestSettings(
            List.of("*"), AtRestSettings.Compression.NONE, 0, true, Optional.empty());
    String shortKey = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7});
    assertThatThrownBy(() -> PayloadSealer.of(settings, env("k1 " + newKey() + ";k2 " + shortKey)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the environment variable SWITCHBOARD_AT_REST_KEYS, line 2")
        .hasMessageContaining("16, 24 or 32 bytes, got 7")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> PayloadSealer.of(settings, env("k1 s3cret!")))
        .hasMessageContaining("line 1: the key is not base64")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> PayloadSealer.of(settings, env("just-one-field")))
        .hasMessageContaining("expected '<key-id> <base64 key>'");
    AtRestSettings both =
        new AtRestSettings(
            List.of("*"), AtRestSettings.Compression.NONE, 0, true, Optional.of(keys("k1")));
    assertThatThrownBy(() -> PayloadSealer.of(both, env("k1 " + newKey())))
        .hasMessageContaining("set one of them");
  }

  /** An environment holding only the default key variable, set to {@code value}. */
  private static java.util.function.Function<String, String> env(String value) {
    return name -> name.equals(AtRestSettings.KEY_VARIABLE) ? value : null;
  }

  private PayloadSealer sealer(
      List<String> topics, String compression, boolean encryption, Path keys) {
    return PayloadSealer.of(
            new AtRestSettings(
                topics,
                AtRestSettings.Compression.valueOf(compression.toUpperCase()),
                1024,
                encryption,
                Optional.ofNullable(keys)))
        .orElseThrow();
  }

  private Path keys(String... ids) throws Exception {
    StringBuilder lines = new StringBuilder("# at-rest keys\n");
    for (String id : ids) {
      lines.append(id).append(' ').append(newKey()).append('\n');
    }
    return Files.writeString(dir.resolve(String.join("-", ids) + ".keys"), lines);
  }

  private static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static Message message(String topic, byte[] payload) {
    return Message.builder(topic).payload(payload).build();
  }
}
