package io.switchboard.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sync rate limit, on a clock moved by hand. */
class SyncPacerTest {
  private static final long MS = 1_000_000;

  @Test
  void letsTheFirstSyncStartAtOnce() {
    assertThat(new SyncPacer(Duration.ofMillis(2)).waitNanos(123 * MS)).isZero();
  }

  @Test
  void spacesSyncStartsByTheIntervalOfTheLimit() {
    SyncPacer pacer = new SyncPacer(Duration.ofMillis(2));
    pacer.started(10 * MS);

    assertThat(pacer.waitNanos(10 * MS)).isEqualTo(2 * MS);
    assertThat(pacer.waitNanos(11 * MS)).isEqualTo(MS);
    assertThat(pacer.waitNanos(12 * MS)).isZero();
  }

  @Test
  void addsNoWaitWhenTheLastSyncStartedLongEnoughAgo() {
    SyncPacer pacer = new SyncPacer(Duration.ofMillis(2));
    pacer.started(0);

    // A slow sync (longer than the interval) leaves the next one free to start at once.
    assertThat(pacer.waitNanos(7 * MS)).isZero();
    pacer.started(7 * MS);
    assertThat(pacer.waitNanos(8 * MS)).isEqualTo(MS);
  }

  @Test
  void measuresAcrossTheWrapOfNanoTime() {
    SyncPacer pacer = new SyncPacer(Duration.ofMillis(1));
    pacer.started(Long.MAX_VALUE);

    assertThat(pacer.waitNanos(Long.MAX_VALUE + MS / 2)).isEqualTo(MS / 2);
  }

  @Test
  void neverWaitsWithoutALimit() {
    SyncPacer pacer = new SyncPacer(Duration.ZERO);
    pacer.started(5 * MS);

    assertThat(pacer.waitNanos(5 * MS)).isZero();
  }

  @Test
  void refusesANegativeLimit() {
    assertThatThrownBy(() -> new SyncPacer(Duration.ofMillis(-1)))
        .hasMessageContaining("got PT-0.001S");
  }
}
