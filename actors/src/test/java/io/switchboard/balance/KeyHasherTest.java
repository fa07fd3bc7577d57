package io.switchboard.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.routing.StableHash;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyHasherTest {

  private final KeyHasher hasher = new KeyHasher();

  @Test
  void hashesLikeStableHash() {
    String[] keys = {"", "a", "ab", "abc", "abcd", "abcde", "conversation-42", "héllo", "日本語キー",
        "emoji 😀 key", "lone \ud800 high", "lone \udc00 low", "end \ud83d"};
    for (String key : keys) {
      assertThat(hasher.hash(key)).as(key).isEqualTo(StableHash.of(key));
    }
  }

  @Test
  void hashesRandomStringsLikeStableHash() {
    SplittableRandom random = new SplittableRandom(5);
    for (int n = 0; n < 10_000; n++) {
      char[] chars = new char[random.nextInt(40)];
      for (int i = 0; i < chars.length; i++) {
        // Mostly ASCII, some of every UTF-8 length, surrogates paired or not.
        chars[i] = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
      }
      String key = new String(chars);
      assertThat(hasher.hash(key)).as(key).isEqualTo(StableHash.of(key));
    }
  }
}
