package io.switchboard.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Refusing writes while the disk is full, one probe per interval; time moved by hand. */
class DiskFullStateTest {
  private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(500);

  private final DiskFullState disk = new DiskFullState(INTERVAL);

  @Test
  void writesFreelyUntilADiskFullFailure() {
    assertThat(disk.full()).isFalse();
    assertThat(disk.mayWrite(0)).isTrue();
    assertThat(disk.mayWrite(1)).isTrue();
  }

  @Test
  void refusesUntilTheIntervalPassesThenLetsOneWriteProbe() {
    long now = 1_000_000;
    disk.markFull(now);

    assertThat(disk.mayWrite(now)).isFalse();
    assertThat(disk.mayWrite(now + INTERVAL - 1)).isFalse();
    assertThat(disk.mayWrite(now + INTERVAL)).as("the probe").isTrue();
    assertThat(disk.mayWrite(now + INTERVAL + 1)).as("only one per interval").isFalse();
    assertThat(disk.mayWrite(now + 2 * INTERVAL)).isTrue();
  }

  @Test
  void writesAgainOnceRocksDbReportsItsRecovery() {
    disk.markFull(0);
    try (var listener = disk.listener()) {
      listener.onErrorRecoveryCompleted(null);
    }

    assertThat(disk.full()).isFalse();
    assertThat(disk.mayWrite(1)).isTrue();
  }

  @Test
  void recognizesNoSpaceErrorsByStatusOrText() {
    assertThat(
            JournalFullException.isNoSpace(
                new org.rocksdb.RocksDBException(
                    "While appending to file: 000004.log: No space left on device")))
        .isTrue();
    assertThat(
            JournalFullException.isNoSpace(
                new org.rocksdb.RocksDBException("Corruption: bad block")))
        .isFalse();
    assertThat(
            JournalFullException.isCause(
                new RuntimeException(new JournalFullException("full", false, null))))
        .isTrue();
  }
}
