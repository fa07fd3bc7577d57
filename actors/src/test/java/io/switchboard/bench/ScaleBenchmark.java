package io.switchboard.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.Switchboard;
import io.switchboard.TestNode;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.internal.journal.StoredEvents;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The embedded journal at scale: recovery of a large backlog, disk use after many acknowledged
 * messages, heap under a backlog. Prints numbers, asserts nothing.
 *
 * <pre>
 * java -cp ... io.switchboard.bench.ScaleBenchmark MODE [key=value ...]
 *   recovery count=1000000 size=1024 stop=clean|kill   a child JVM fills one partition, stops
 *            (clean: terminates its system; kill: SIGKILL), this JVM reopens the directory
 *   disk     count=10000000 size=1024 partitions=4 settle=120   publish, consume, ack; disk use
 *   heap     count=10000000 size=1024 partitions=4 every=1000000   backlog, heap after GC
 *   backlog  count=10000000 size=256 every=1000000 settle=120   one partition, snapshots on: heap
 *            after GC while it fills, restart and first delivery, then all acked and disk use
 *   keys for all: dir=(temp directory, deleted after) durability=fsync|os parallelism=16
 *                 journal-timeout=10s (the journal's circuit-breaker call timeout)
 * </pre>
 *
 * <p>Results and what they showed: docs/benchmarks.md, "Journal at scale".
 */
public final class ScaleBenchmark {
  static final String TOPIC = "scale";
  static final String GROUP = "g";

  final BenchOptions options;
  private final int size;
  // Payloads are slices of random bytes at different offsets: repeated bytes would let the
  // journal's LZ4 compression make the disk use look smaller than it is.
  private final byte[] randomBytes = new byte[8 << 20];

  private ScaleBenchmark(BenchOptions options) {
    this.options = options;
    this.size = options.integer("size", 1024);
    new Random(42).nextBytes(randomBytes);
  }

  int size() {
    return size;
  }

  private byte[] payload(long n) {
    int from = (int) ((n * 1031) % (randomBytes.length - size));
    return Arrays.copyOfRange(randomBytes, from, from + size);
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    ScaleBenchmark bench = new ScaleBenchmark(options);
    String dirOption = options.string("dir", null);
    Path dir =
        dirOption != null ? Path.of(dirOption) : Files.createTempDirectory("switchboard-scale");
    if (!options.mode.equals("fill")) {
      System.out.printf(
          Locale.ROOT,
          "# scale benchmark: mode=%s %s cores=%d maxHeap=%dMiB dir=%s%n",
          options.mode,
          options.describe(),
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20,
          dir);
    }
    try {
      switch (options.mode) {
        case "fill" -> new RecoveryRun(bench, dir).fill();
        case "recovery" -> new RecoveryRun(bench, dir).run();
        case "disk" -> bench.disk(dir);
        case "heap" -> bench.heap(dir);
        case "backlog" -> new BacklogRun(bench, dir).run();
        default ->
            throw new IllegalArgumentException("mode must be recovery, disk, heap or backlog");
      }
    } finally {
      if (dirOption == null && !options.mode.equals("fill")) {
        deleteRecursively(dir);
      }
    }
    System.exit(0);
  }

  TestNode start(Path dir) {
    Config config =
        ConfigFactory.parseString(
            "pekko.loglevel = WARNING\n"
                + "pekko.persistence.journal.plugin = switchboard-rocksdb-journal\n"
                + "pekko.persistence.snapshot-store.plugin = switchboard-rocksdb-snapshot-store\n"
                + "switchboard.ask-timeout = 60s\n"
                // journal-timeout=60s: with snapshots of a large backlog, writes wait behind them.
                + "switchboard-rocksdb-journal.circuit-breaker.call-timeout = "
                + options.string("journal-timeout", "10s")
                + "\n"
                + "switchboard.journal.durability = "
                + options.string("durability", "fsync")
                + "\n");
    return new TestNode(dir, config);
  }

  void createTopic(Switchboard sb, int partitions) {
    await(
        sb.createTopic(
            TopicConfig.of(TOPIC).withPartitions(partitions).withBacklogLimit(100_000_000)));
    await(sb.createGroup(TOPIC, GROUP, GroupConfig.DEFAULT));
  }

  /**
   * Publishes {@code count} messages through {@code publisher(parallelism)}, as fast as confirmed.
   */
  void publish(TestNode node, long count, long every, Runnable atEvery) {
    AtomicLong confirmed = new AtomicLong();
    int parallelism = options.integer("parallelism", 16);
    Source.range(1, (int) count)
        .map(i -> Message.builder(TOPIC).key(Integer.toString(i)).payload(payload(i)).build())
        .via(node.switchboard().publisher(parallelism))
        .map(
            confirm -> {
              if (confirmed.incrementAndGet() % every == 0) {
                atEvery.run();
              }
              return confirm;
            })
        .runWith(Sink.ignore(), node.system())
        .toCompletableFuture()
        .join();
  }

  private void disk(Path dir) {
    long count = options.integer("count", 10_000_000);
    int partitions = options.integer("partitions", 4);
    TestNode node = start(dir);
    Switchboard sb = node.switchboard();
    createTopic(sb, partitions);
    Path rocks = dir.resolve("journal-rocksdb");
    DiskUse before = DiskUse.of(rocks);
    System.out.println("# before: " + before);
    Counters counters = new Counters(options.integer("max-lag", 50_000));
    List<ConsumerControl> consumers = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      consumers.add(
          sb.source(
                  TOPIC,
                  GROUP,
                  ConsumerSettings.defaults().withConsumerId("scale-" + c).withCredit(500))
              .map(
                  delivery -> {
                    delivery.ack();
                    counters.consumed();
                    return NotUsed.getInstance();
                  })
              .to(Sink.ignore())
              .run(node.system()));
    }
    long[] peak = {before.total()};
    long t0 = System.nanoTime();
    AtomicLong confirmed = new AtomicLong();
    int parallelism = options.integer("parallelism", 16);
    Source.range(1, (int) count)
        .mapAsync(1, i -> counters.permit())
        .zipWithIndex()
        .map(permit -> Message.builder(TOPIC).payload(payload(permit.second())).build())
        .via(sb.publisher(parallelism))
        .map(
            confirm -> {
              long n = confirmed.incrementAndGet();
              if (n % 250_000 == 0) {
                DiskUse now = DiskUse.of(rocks);
                peak[0] = Math.max(peak[0], now.total());
                System.out.printf(
                    Locale.ROOT,
                    "  %,d published %,d acked %.0fs %s%n",
                    n,
                    counters.consumed.sum(),
                    seconds(t0),
                    now);
              }
              return confirm;
            })
        .runWith(Sink.ignore(), node.system())
        .toCompletableFuture()
        .join();
    while (counters.consumed.sum() < count) {
      sleepSeconds(1);
    }
    double seconds = seconds(t0);
    consumers.forEach(c -> await(c.stop()));
    DiskUse done = DiskUse.of(rocks);
    System.out.printf(
        Locale.ROOT,
        "# all %,d acked in %.0fs (%.0f/s): %s%n",
        count,
        seconds,
        count / seconds,
        done);
    int settle = options.integer("settle", 120);
    DiskUse after = done;
    for (int s = 10; s <= settle; s += 10) {
      sleepSeconds(10);
      after = DiskUse.of(rocks);
      System.out.printf(Locale.ROOT, "  settle %3ds %s%n", s, after);
    }
    System.out.printf(
        Locale.ROOT,
        "RESULT disk count=%d size=%d before=%dMiB peak=%dMiB acked=%dMiB after-%ds=%dMiB "
            + "(sst %dMiB, wal %dMiB) load=%s%n",
        count,
        size,
        before.total() >> 20,
        peak[0] >> 20,
        done.total() >> 20,
        settle,
        after.total() >> 20,
        after.sst() >> 20,
        after.wal() >> 20,
        ProcessCpu.loadAverage());
    node.close();
    // What the journal still holds on purpose: the events Pekko's retention keeps.
    System.out.printf(
        Locale.ROOT,
        "# after close: %s; events still stored: %dMiB%n",
        DiskUse.of(rocks),
        StoredEvents.bytes(rocks, "switchboard-partition|") >> 20);
  }

  private void heap(Path dir) {
    long count = options.integer("count", 10_000_000);
    int partitions = options.integer("partitions", 4);
    long every = options.integer("every", 1_000_000);
    TestNode node = start(dir);
    createTopic(node.switchboard(), partitions);
    long base = heapAfterGc();
    System.out.printf(Locale.ROOT, "# heap after gc with an empty topic: %dMiB%n", base >> 20);
    long t0 = System.nanoTime();
    AtomicLong held = new AtomicLong();
    publish(
        node,
        count,
        every,
        () -> {
          long n = held.addAndGet(every);
          long heap = heapAfterGc();
          System.out.printf(
              Locale.ROOT,
              "RESULT heap backlog=%d size=%d heap-after-gc=%dMiB bytes-per-message=%d "
                  + "at %.0fs journal=%s%n",
              n,
              size,
              heap >> 20,
              (heap - base) / n,
              seconds(t0),
              DiskUse.of(dir.resolve("journal-rocksdb")));
        });
    node.close();
  }

  /**
   * Returns the heap in use after a full collection (System.gc() under G1 is a full collection).
   */
  static long heapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(10, TimeUnit.MINUTES).join();
  }

  static void sleepSeconds(long seconds) {
    try {
      TimeUnit.SECONDS.sleep(seconds);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Bytes of a RocksDB directory: table files, write-ahead logs, the rest. */
  record DiskUse(long sst, long wal, long other) {
    static DiskUse of(Path dir) {
      long[] sizes = new long[3];
      if (Files.exists(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          files
              .filter(Files::isRegularFile)
              .forEach(
                  file -> {
                    String name = file.getFileName().toString();
                    long size = file.toFile().length();
                    sizes[
                            name.endsWith(".sst")
                                ? 0
                                : name.endsWith(".log") && !name.startsWith("LOG") ? 1 : 2] +=
                        size;
                  });
        } catch (IOException | UncheckedIOException e) {
          // a file compacted away while walking: the next sample counts again
        }
      }
      return new DiskUse(sizes[0], sizes[1], sizes[2]);
    }

    long total() {
      return sst + wal + other;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%dMiB (sst %dMiB, wal %dMiB, other %dMiB)",
          total() >> 20,
          sst >> 20,
          wal >> 20,
          other >> 20);
    }
  }
}
