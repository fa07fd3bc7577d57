package io.switchboard.internal.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/**
 * Journal write latency at fixed rates: RocksDB (fsync and os) against the H2 JDBC journal.
 *
 * <pre>
 * java -cp ... io.switchboard.internal.journal.JournalBench [journals=rocks-fsync,rocks-os,h2]
 *     [loads=2000x8,8000x32] [size=1024] [warmup=5] [duration=15]
 * </pre>
 *
 * <p>Each load is RATExIDS: one event of {@code size} bytes per command, sent at RATE commands per
 * second round robin to IDS EventSourcedBehaviors; latency runs from each command's intended send
 * time to the end of its persist (no coordinated omission). {@code write ms} is the longest RocksDB
 * batch write (with its sync) of the run, warm-up included. Prints, never asserts.
 */
public final class JournalBench {
  private JournalBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>();
    for (String arg : args) {
      options.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    List<String> journals =
        List.of(options.getOrDefault("journals", "rocks-fsync,rocks-os,h2").split(","));
    List<String> loads = List.of(options.getOrDefault("loads", "2000x8,8000x32").split(","));
    int size = Integer.parseInt(options.getOrDefault("size", "1024"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
    int duration = Integer.parseInt(options.getOrDefault("duration", "15"));
    System.out.printf(
        "%-12s %6s %4s %9s %8s %8s %8s %9s %8s %9s %9s %6s%n",
        "journal",
        "rate",
        "ids",
        "events/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "syncs/s",
        "ev/sync",
        "cpu us/ev",
        "write ms",
        "load");
    for (String load : loads) {
      int rate = Integer.parseInt(load.substring(0, load.indexOf('x')));
      int ids = Integer.parseInt(load.substring(load.indexOf('x') + 1));
      for (String journal : journals) {
        run(journal, rate, ids, size, warmup, duration);
      }
    }
  }

  private static void run(String journal, int rate, int ids, int size, int warmup, int duration)
      throws Exception {
    Path dir = Files.createTempDirectory("journal-bench");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench", config(journal, dir));
    try {
      if (journal.equals("h2")) {
        SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      Recorder recorder = new Recorder(TimeUnit.MINUTES.toMicros(1), 3);
      List<ActorRef<BenchWriter.Write>> writers = new java.util.ArrayList<>();
      for (int i = 0; i < ids; i++) {
        writers.add(
            system.systemActorOf(
                new BenchWriter("bench-" + i, recorder),
                "w" + i,
                org.apache.pekko.actor.typed.Props.empty()));
      }
      String payload = "x".repeat(size);
      send(writers, payload, rate, TimeUnit.SECONDS.toNanos(warmup));
      recorder.getIntervalHistogram();
      WriteStats before = stats(journal, system);
      long cpuBefore = cpuNanos();
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      long start = System.nanoTime();
      send(writers, payload, rate, TimeUnit.SECONDS.toNanos(duration));
      double seconds = (System.nanoTime() - start) / 1e9;
      // The last commands' persists finish within a moment; their latencies count.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
      Histogram latency = recorder.getIntervalHistogram();
      long cpu = cpuNanos() - cpuBefore;
      WriteStats delta = stats(journal, system).minus(before);
      System.out.printf(
          Locale.ROOT,
          "%-12s %6d %4d %9.0f %8.2f %8.2f %8.1f %9s %8s %9.0f %9s %6.1f%n",
          journal,
          rate,
          ids,
          latency.getTotalCount() / seconds,
          latency.getValueAtPercentile(50) / 1000.0,
          latency.getValueAtPercentile(99) / 1000.0,
          latency.getMaxValue() / 1000.0,
          journal.equals("h2") ? "-" : String.format(Locale.ROOT, "%.0f", delta.syncs() / seconds),
          journal.equals("h2") || delta.syncs() == 0
              ? "-"
              : String.format(Locale.ROOT, "%.1f", delta.eventsPerSync()),
          cpu / 1000.0 / Math.max(1, latency.getTotalCount()),
          journal.equals("h2")
              ? "-"
              : String.format(Locale.ROOT, "%.1f", delta.longestWriteMicros() / 1000.0),
          load);
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      deleteRecursively(dir);
    }
  }

  /** Sends at a fixed rate for {@code nanos}; a late sender catches up (its lateness counts). */
  private static void send(
      List<ActorRef<BenchWriter.Write>> writers, String payload, int rate, long nanos) {
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    for (long i = 0; ; i++) {
      long intended = start + i * period;
      if (intended - start >= nanos) {
        return;
      }
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      writers.get((int) (i % writers.size())).tell(new BenchWriter.Write(payload, intended));
    }
  }

  private static WriteStats stats(String journal, ActorSystem<Void> system) {
    return journal.equals("h2")
        ? new WriteStats(0, 0, 0, 0, 0)
        : RocksStorage.get(system.classicSystem()).store().stats();
  }

  private static Config config(String journal, Path dir) {
    String plugins =
        switch (journal) {
          case "rocks-fsync", "rocks-os" ->
              """
          pekko.persistence.journal.plugin = "switchboard-rocksdb-journal"
          pekko.persistence.snapshot-store.plugin = "switchboard-rocksdb-snapshot-store"
          switchboard.journal.durability = %s
          """
                  .formatted(journal.substring("rocks-".length()));
          case "h2" -> "";
          default ->
              throw new IllegalArgumentException(
                  "journal must be rocks-fsync, rocks-os or h2: " + journal);
        };
    return ConfigFactory.load(
        ConfigFactory.parseString(
            plugins
                + """
        pekko.actor.provider = local
        pekko.loglevel = WARNING
        switchboard.data-dir = "%s"
        """
                    .formatted(dir.toAbsolutePath())));
  }

  private static long cpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
