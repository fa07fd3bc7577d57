package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StableHashTest {

  @Test
  void matchesPublishedMurmurHash3Vectors() {
    assertThat(StableHash.murmur3(new byte[0], 0)).isEqualTo(0);
    assertThat(StableHash.murmur3(new byte[0], 1)).isEqualTo(0x514E28B7);
    assertThat(StableHash.of("hello")).isEqualTo(0x248BFA47);
    assertThat(StableHash.of("The quick brown fox jumps over the lazy dog")).isEqualTo(0x2E4FF723);
  }

  @Test
  void hashesAStringLikeItsUtf8Bytes() {
    String[] keys = {
      "",
      "a",
      "ab",
      "abc",
      "abcd",
      "abcde",
      "conversation-42",
      "héllo",
      "日本語キー",
      "emoji 😀 key",
      "lone \ud800 high",
      "lone \udc00 low",
      "end \ud83d"
    };
    for (String key : keys) {
      assertThat(StableHash.of(key))
          .as(key)
          .isEqualTo(StableHash.murmur3(key.getBytes(StandardCharsets.UTF_8), 0));
    }
  }

  @Test
  void hashesRandomStringsLikeTheirUtf8Bytes() {
    SplittableRandom random = new SplittableRandom(5);
    for (int n = 0; n < 10_000; n++) {
      char[] chars = new char[random.nextInt(40)];
      for (int i = 0; i < chars.length; i++) {
        // Mostly ASCII, some of every UTF-8 length, surrogates paired or not.
        chars[i] = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
      }
      String key = new String(chars);
      assertThat(StableHash.of(key))
          .as(key)
          .isEqualTo(StableHash.murmur3(key.getBytes(StandardCharsets.UTF_8), 0));
    }
  }
}
