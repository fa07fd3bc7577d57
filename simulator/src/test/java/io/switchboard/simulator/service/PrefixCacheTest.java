package io.switchboard.simulator.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrefixCacheTest {

  @Test
  void remembersRecentKeysAndEvictsTheLeastRecentlyUsed() {
    PrefixCache cache = new PrefixCache(2);

    assertThat(cache.touch(1)).isFalse();
    assertThat(cache.touch(2)).isFalse();
    assertThat(cache.touch(1)).isTrue();
    assertThat(cache.touch(3)).isFalse(); // evicts 2, used longest ago
    assertThat(cache.touch(1)).isTrue();
    assertThat(cache.touch(2)).isFalse();
  }

  @Test
  void ignoresUnkeyedMessagesAndForgetsOnClear() {
    PrefixCache cache = new PrefixCache(4);
    cache.touch(9);
    cache.clear();

    assertThat(cache.touch(9)).isFalse();
    assertThat(cache.touch(-1)).isFalse();
    assertThat(cache.touch(-1)).isFalse();
  }
}
