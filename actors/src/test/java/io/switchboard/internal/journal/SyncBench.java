package io.switchboard.internal.journal;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The cost of one fsync'ed group commit of one 1 KiB event, alone: writes one at a time (each its
 * own batch and sync) through a {@link JournalStore} for a while and prints the process CPU per
 * sync, sync latency and the disk's write requests per sync (from /sys/block, so other writers on
 * the machine count too). With {@code recycle=N} it first rolls the log twice so that the log
 * written to is a reused file. Prints, never asserts.
 *
 * <pre>
 * java -cp ... io.switchboard.internal.journal.SyncBench recycle=0|2 seconds=10 device=vda
 * </pre>
 */
public final class SyncBench {
  private SyncBench() {}

  public static void main(String[] args) throws Exception {
    int recycle = 0;
    int seconds = 10;
    String device = "vda";
    for (String arg : args) {
      String value = arg.substring(arg.indexOf('=') + 1);
      switch (arg.substring(0, arg.indexOf('='))) {
        case "recycle" -> recycle = Integer.parseInt(value);
        case "seconds" -> seconds = Integer.parseInt(value);
        case "device" -> device = value;
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    Path dir = Files.createTempDirectory("sync-bench");
    JournalSettings settings =
        new JournalSettings(
            dir,
            Durability.FSYNC,
            8 << 20,
            64 << 20,
            Duration.ofMillis(500),
            Duration.ZERO,
            Duration.ZERO,
            recycle,
            0);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (JournalStore store = JournalStore.open(settings)) {
      long id = store.assignId("p");
      long seq = 0;
      // Two log rolls: the second new log reuses the first one's file when recycling is on. The
      // first log is made large (~50 MiB) so that the measured writes stay inside the reused file.
      List<JournalStore.Event> big = new ArrayList<>();
      for (int i = 0; i < 50_000; i++) {
        big.add(new JournalStore.Event(id, ++seq, new byte[1024]));
        if (big.size() == 1000) {
          store.writeEvents(big).join();
          big.clear();
        }
      }
      store.flushMemTables();
      seq = write(store, id, seq, 100);
      store.flushMemTables();
      seq = write(store, id, seq, 500); // warm-up
      Histogram latency = new Histogram(3);
      long writes0 = diskWrites(device);
      long cpu0 = os.getProcessCpuTime();
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      long syncs = 0;
      while (System.nanoTime() < end) {
        long start = System.nanoTime();
        seq = write(store, id, seq, 1);
        latency.recordValue((System.nanoTime() - start) / 1000);
        syncs++;
      }
      double cpuUs = (os.getProcessCpuTime() - cpu0) / 1000.0 / syncs;
      double ios = (double) (diskWrites(device) - writes0) / syncs;
      System.out.printf(
          Locale.ROOT,
          "RESULT recycle=%d syncs/s=%.0f cpu-per-sync=%.1fus "
              + "disk-writes-per-sync=%.2f sync p50=%dus p99=%dus load=%s%n",
          recycle,
          syncs / (double) seconds,
          cpuUs,
          ios,
          latency.getValueAtPercentile(50),
          latency.getValueAtPercentile(99),
          Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
  }

  private static long write(JournalStore store, long id, long seq, int count) {
    byte[] value = new byte[1024];
    for (int i = 0; i < count; i++) {
      store.writeEvents(List.of(new JournalStore.Event(id, ++seq, value))).join();
    }
    return seq;
  }

  /** Returns the writes the device completed since boot (the fifth field of its stat file). */
  private static long diskWrites(String device) throws Exception {
    String[] fields = Files.readString(Path.of("/sys/block", device, "stat")).trim().split("\\s+");
    return Long.parseLong(fields[4]);
  }
}
