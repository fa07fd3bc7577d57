package io.switchboard.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine under the plugins, on real RocksDB files: writes, reads, deletes, group commit,
 * crashes.
 */
class JournalStoreTest {
  @TempDir Path dir;

  static JournalSettings settings(Path dir, Durability durability) {
    return new JournalSettings(
        dir,
        durability,
        8 << 20,
        64 << 20,
        Duration.ofMillis(500),
        JournalSettings.DEFAULT_COMPACTION_INTERVAL);
  }

  static byte[] value(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static List<String> replay(JournalStore store, long id, long from, long to, long max)
      throws Exception {
    List<String> seen = new ArrayList<>();
    store.replay(
        id,
        from,
        to,
        (sequenceNr, value) -> {
          seen.add(sequenceNr + "=" + new String(value, StandardCharsets.UTF_8));
          return seen.size() < max;
        });
    return seen;
  }

  static void write(JournalStore store, long id, long from, long to, int bytes) {
    List<JournalStore.Event> events = new ArrayList<>();
    for (long seq = from; seq <= to; seq++) {
      byte[] value = new byte[bytes];
      System.arraycopy(value("e" + seq), 0, value, 0, Math.min(bytes, ("e" + seq).length()));
      events.add(new JournalStore.Event(id, seq, bytes == 0 ? value("e" + seq) : value));
    }
    store.writeEvents(events).join();
  }

  @Test
  void replaysARangeInOrderUpToMax() throws Exception {
    try (JournalStore store = JournalStore.open(settings(dir, Durability.OS))) {
      long a = store.assignId("a");
      long b = store.assignId("b");
      write(store, a, 1, 10, 0);
      write(store, b, 1, 3, 0);

      assertThat(replay(store, a, 3, 5, Long.MAX_VALUE)).containsExactly("3=e3", "4=e4", "5=e5");
      assertThat(replay(store, a, 8, Long.MAX_VALUE, 2)).containsExactly("8=e8", "9=e9");
      assertThat(replay(store, b, 0, Long.MAX_VALUE, Long.MAX_VALUE)).hasSize(3);
      assertThat(store.highestSequenceNr(a)).isEqualTo(10);
      assertThat(store.existingId("never")).isEqualTo(PersistenceIds.NONE);
    }
  }

  @Test
  void keepsTheHighestSequenceNrWhenEveryEventIsDeleted() throws Exception {
    try (JournalStore store = JournalStore.open(settings(dir, Durability.OS))) {
      long a = store.assignId("a");
      write(store, a, 1, 10, 0);
      store.deleteEventsTo(a, 4).join();
      assertThat(replay(store, a, 0, Long.MAX_VALUE, Long.MAX_VALUE)).first().isEqualTo("5=e5");

      store.deleteEventsTo(a, Long.MAX_VALUE).join();
      assertThat(replay(store, a, 0, Long.MAX_VALUE, Long.MAX_VALUE)).isEmpty();
      assertThat(store.highestSequenceNr(a)).isEqualTo(10);
    }
    try (JournalStore reopened = JournalStore.open(settings(dir, Durability.OS))) {
      assertThat(reopened.highestSequenceNr(reopened.existingId("a"))).isEqualTo(10);
    }
  }

  @Test
  void reopensWithEveryConfirmedWriteAndNeverReusesAStoredId() throws Exception {
    long b;
    try (JournalStore store = JournalStore.open(settings(dir, Durability.FSYNC))) {
      write(store, store.assignId("a"), 1, 5, 0);
      b = store.assignId("b"); // handed out, never written with
      store.saveSnapshot(store.assignId("s"), 3, value("s3")).join();
    }
    try (JournalStore store = JournalStore.open(settings(dir, Durability.FSYNC))) {
      long a = store.existingId("a");
      assertThat(replay(store, a, 0, Long.MAX_VALUE, Long.MAX_VALUE)).hasSize(5);
      // A number is stored with the first write that uses it, whichever kind; one no write used
      // is not stored (above the highest stored it may come again: nothing stored carries it).
      assertThat(store.existingId("b")).isEqualTo(PersistenceIds.NONE);
      long s = store.existingId("s");
      assertThat(s).isNotEqualTo(PersistenceIds.NONE);
      assertThat(b).isBetween(a, s);
      assertThat(store.assignId("c")).isGreaterThan(s);
      List<Long> snapshots = new ArrayList<>();
      store.snapshotsNewestFirst(s, 0, Long.MAX_VALUE, (seq, v) -> snapshots.add(seq));
      assertThat(snapshots).containsExactly(3L);
    }
  }

  @Test
  void aNewPersistenceIdIsStoredInTheBatchOfItsFirstWrite() throws Exception {
    try (JournalStore store = JournalStore.open(settings(dir, Durability.FSYNC))) {
      long id = store.assignId("new");
      assertThat(store.existingId("new")).isEqualTo(id);
      write(store, id, 1, 2, 0);
      WriteStats stats = store.stats();
      assertThat(stats.batches()).isEqualTo(1);
      assertThat(stats.syncs()).isEqualTo(1);
      write(store, id, 3, 3, 0);
    }
    try (JournalStore store = JournalStore.open(settings(dir, Durability.FSYNC))) {
      assertThat(replay(store, store.existingId("new"), 0, Long.MAX_VALUE, Long.MAX_VALUE))
          .containsExactly("1=e1", "2=e2", "3=e3");
    }
  }

  @Test
  void concurrentWritersOfManyPersistenceIdsShareSyncs() throws Exception {
    int ids = 32;
    int writesPerId = 50;
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try (JournalStore store = JournalStore.open(settings(dir, Durability.FSYNC))) {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < ids; i++) {
        long id = store.assignId("p" + i);
        // Each id writes one event at a time, as a persistent actor does; ids run in parallel.
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  for (long seq = 1; seq <= writesPerId; seq++) {
                    write(store, id, seq, seq, 1024);
                  }
                },
                writers));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);

      WriteStats stats = store.stats();
      assertThat(stats.writes()).isEqualTo(ids * writesPerId);
      assertThat(stats.events()).isEqualTo(ids * writesPerId);
      assertThat(stats.syncs()).isEqualTo(stats.batches()).isLessThan(stats.writes());
      for (int i = 0; i < ids; i++) {
        assertThat(store.highestSequenceNr(store.existingId("p" + i))).isEqualTo(writesPerId);
      }
    } finally {
      writers.shutdownNow();
    }
  }

  @Test
  void osDurabilityNeverSyncs() throws Exception {
    try (JournalStore store = JournalStore.open(settings(dir, Durability.OS))) {
      write(store, store.assignId("a"), 1, 3, 0);
      assertThat(store.stats().syncs()).isZero();
      assertThat(store.stats().batches()).isEqualTo(1);
    }
  }

  @Test
  void recoversToTheLastCompleteWriteWhenTheLogTailIsTorn() throws Exception {
    Path live = dir.resolve("live");
    Path crashed = dir.resolve("crashed");
    try (JournalStore store = JournalStore.open(settings(live, Durability.FSYNC))) {
      long a = store.assignId("a");
      for (long seq = 1; seq <= 10; seq++) {
        write(store, a, seq, seq, 0);
      }
      // The last write: five events of 20 KiB in one atomic batch, spread over several log blocks.
      write(store, a, 11, 15, 20 * 1024);
      copy(live, crashed); // the files as a crash would leave them: nothing closed, nothing flushed
    }
    Path log = newestLog(crashed);
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
      file.setLength(file.length() - 1000);
    }

    try (JournalStore store = JournalStore.open(settings(crashed, Durability.FSYNC))) {
      long a = store.existingId("a");
      assertThat(replay(store, a, 0, Long.MAX_VALUE, Long.MAX_VALUE))
          .hasSize(10)
          .last()
          .isEqualTo("10=e10");
      assertThat(store.highestSequenceNr(a)).isEqualTo(10);
      write(store, a, 11, 11, 0);
      assertThat(store.highestSequenceNr(a)).isEqualTo(11);
    }
  }

  @Test
  void recoversEveryConfirmedWriteAndNoStaleRecordFromARecycledLog() throws Exception {
    Path live = dir.resolve("live");
    Path crashed = dir.resolve("crashed");
    Path torn = dir.resolve("torn");
    JournalSettings settings =
        new JournalSettings(
            live,
            Durability.FSYNC,
            8 << 20,
            64 << 20,
            Duration.ofMillis(500),
            Duration.ZERO,
            Duration.ZERO,
            1,
            0);
    Object firstLog;
    try (JournalStore store = JournalStore.open(settings)) {
      long old = store.assignId("old");
      write(store, old, 1, 200, 4 * 1024); // a log file of ~800 KiB that is then recycled
      firstLog = Files.getAttribute(newestLog(live), "unix:ino");
      store.flushMemTables(); // a new log; the first one is obsolete and kept for reuse
      write(store, old, 201, 201, 0);
      store.flushMemTables(); // the next log reuses the first one's file
      assertThat(Files.getAttribute(newestLog(live), "unix:ino"))
          .as("the log file is reused")
          .isEqualTo(firstLog);

      long a = store.assignId("a");
      for (long seq = 1; seq <= 10; seq++) {
        write(store, a, seq, seq, 0);
      }
      // The last write: a batch of a pattern the old records do not have, to find it in the file.
      List<JournalStore.Event> last = new ArrayList<>();
      for (long seq = 11; seq <= 15; seq++) {
        byte[] value = new byte[4 * 1024];
        Arrays.fill(value, (byte) 'Z');
        last.add(new JournalStore.Event(a, seq, value));
      }
      store.writeEvents(last).join();
      copy(live, crashed); // the files as a crash would leave them: nothing closed, nothing flushed
      copy(live, torn);
    }
    // In the reused file the new records are followed by the old ones of the file's first use.
    Path log = newestLog(torn);
    byte[] bytes = Files.readAllBytes(log);
    int pattern = indexOf(bytes, "ZZZZZZZZZZZZZZZZ".getBytes(StandardCharsets.UTF_8));
    assertThat(pattern).isPositive().isLessThan(bytes.length / 2);
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
      file.seek(pattern + 100);
      file.write(new byte[64]); // a write the crash cut short: its checksum fails
    }

    try (JournalStore store = JournalStore.open(withDir(settings, crashed))) {
      long a = store.existingId("a");
      assertThat(replay(store, a, 0, Long.MAX_VALUE, Long.MAX_VALUE)).hasSize(15);
      assertThat(store.highestSequenceNr(store.existingId("old"))).isEqualTo(201);
    }
    try (JournalStore store = JournalStore.open(withDir(settings, torn))) {
      long a = store.existingId("a");
      assertThat(replay(store, a, 0, Long.MAX_VALUE, Long.MAX_VALUE))
          .hasSize(10)
          .last()
          .isEqualTo("10=e10");
      write(store, a, 11, 11, 0);
      assertThat(store.highestSequenceNr(a)).isEqualTo(11);
    }
  }

  private static JournalSettings withDir(JournalSettings settings, Path dir) {
    return new JournalSettings(
        dir,
        settings.durability(),
        settings.maxBatchBytes(),
        settings.maxWalBytes(),
        settings.resumeInterval(),
        settings.compactionInterval(),
        settings.commitDelay(),
        settings.recycleLogFiles(),
        settings.maxSyncsPerSecond());
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }

  private static Path newestLog(Path db) throws IOException {
    try (Stream<Path> files = Files.list(db)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".log"))
          .max(Comparator.comparing(Path::toString))
          .orElseThrow();
    }
  }
}
