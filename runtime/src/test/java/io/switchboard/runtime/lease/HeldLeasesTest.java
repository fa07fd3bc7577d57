package io.switchboard.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Deadlines by a clock moved by hand. */
class HeldLeasesTest {
  private static final long TTL = 10_000;

  private final HeldLeases held = new HeldLeases();

  @Test
  void anOwnerResumedAfterAPauseLongerThanTheTimeToLiveNoLongerHoldsItsLeases() {
    held.hold(new HeldLeases.Held("a", "node #1", 0 + TTL, lost -> {}));
    assertThat(held.holds("a", TTL - 1)).isTrue();
    // paused (SIGSTOP, a long GC) past the deadline: no renewal went out meanwhile
    assertThat(held.holds("a", TTL)).isFalse();
    assertThat(held.expired(TTL + 5_000)).extracting(HeldLeases.Held::name).containsExactly("a");
    assertThat(held.all()).isEmpty();
  }

  @Test
  void aRenewalExtendsFromWhenItWasSentAndLosesWhatTheTableDidNotRenew() {
    held.hold(new HeldLeases.Held("a", "node #1", TTL, lost -> {}));
    held.hold(new HeldLeases.Held("b", "node #1", TTL, lost -> {}));
    List<HeldLeases.Held> sent = held.all();

    List<HeldLeases.Held> lost = held.renewed(sent, Set.of("a"), 3_000, TTL);

    assertThat(lost).extracting(HeldLeases.Held::name).containsExactly("b");
    assertThat(held.holds("a", 3_000 + TTL - 1)).isTrue();
    assertThat(held.holds("a", 3_000 + TTL)).isFalse();
    assertThat(held.holds("b", 3_000)).isFalse();
  }

  @Test
  void aRenewalLeavesALeaseReleasedOrReacquiredMeanwhileAlone() {
    held.hold(new HeldLeases.Held("a", "node #1", TTL, lost -> {}));
    List<HeldLeases.Held> sent = held.all();
    held.forget("a");
    HeldLeases.Held again = new HeldLeases.Held("a", "node #1", 2 * TTL, lost -> {});
    held.hold(again);

    assertThat(held.renewed(sent, Set.of(), 1_000, TTL)).isEmpty();
    assertThat(held.all()).containsExactly(again);
  }
}
