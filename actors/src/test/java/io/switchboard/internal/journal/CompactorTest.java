package io.switchboard.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal gives its disk back once what it held is deleted, also when writes have stopped. */
class CompactorTest {
  private static final long MIB = 1 << 20;

  @TempDir Path dir;

  @Test
  void diskReturnsNearItsStartingSizeAfterEverythingIsDeleted() {
    // No recycled log: a kept log (recycle-log-files) would hold its disk on purpose.
    JournalSettings settings =
        new JournalSettings(
            dir,
            Durability.OS,
            8 << 20,
            64 << 20,
            JournalSettings.DEFAULT_RESUME_INTERVAL,
            Duration.ofMillis(200),
            Duration.ZERO,
            0,
            0);
    try (JournalStore store = JournalStore.open(settings)) {
      long start = diskUse();
      long id = store.assignId("p");
      Random random = new Random(7); // incompressible, as payloads often are
      for (int batch = 0; batch < 32; batch++) {
        List<JournalStore.Event> events = new ArrayList<>();
        for (int i = 1; i <= 1024; i++) {
          byte[] value = new byte[1024];
          random.nextBytes(value);
          events.add(new JournalStore.Event(id, batch * 1024L + i, value));
        }
        store.writeEvents(events).join();
      }
      assertThat(diskUse()).isGreaterThan(start + 30 * MIB);

      store.deleteEventsTo(id, Long.MAX_VALUE).join();

      // Nothing is written any more: without the compactor the log and its memtable stay.
      await().atMost(Duration.ofSeconds(30)).until(() -> diskUse() < start + 2 * MIB);
      assertThat(store.highestSequenceNr(id)).isEqualTo(32 * 1024L);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private long diskUse() {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().startsWith("LOG"))
          .mapToLong(file -> file.toFile().length())
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
