package io.switchboard.bench;

import io.switchboard.TestNode;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.internal.journal.StoredEvents;
import io.switchboard.topic.TopicStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The {@code backlog} mode of {@link ScaleBenchmark}: one partition, snapshots on, a backlog of
 * {@code count} messages; heap after a full GC every {@code every}; the node restarted and timed to
 * its first delivery; then everything consumed and acked, and the journal's disk use watched.
 */
final class BacklogRun {
  private final ScaleBenchmark bench;
  private final Path dir;
  private final long count;
  private final long every;

  BacklogRun(ScaleBenchmark bench, Path dir) {
    this.bench = bench;
    this.dir = dir;
    this.count = bench.options.integer("count", 10_000_000);
    this.every = bench.options.integer("every", 1_000_000);
  }

  void run() throws Exception {
    Path rocks = dir.resolve("journal-rocksdb");
    TestNode node = bench.start(dir);
    bench.createTopic(node.switchboard(), 1);
    long base = ScaleBenchmark.heapAfterGc();
    ScaleBenchmark.DiskUse before = ScaleBenchmark.DiskUse.of(rocks);
    System.out.printf(
        Locale.ROOT, "# empty topic: heap after gc %dMiB, journal %s%n", base >> 20, before);
    long t0 = System.nanoTime();
    AtomicLong held = new AtomicLong();
    bench.publish(
        node,
        count,
        every,
        () -> {
          long n = held.addAndGet(every);
          System.out.printf(
              Locale.ROOT,
              "RESULT backlog=%d size=%d heap-after-gc=%dMiB at %.0fs (%.0f/s) journal=%s%n",
              n,
              bench.size(),
              ScaleBenchmark.heapAfterGc() >> 20,
              ScaleBenchmark.seconds(t0),
              n / ScaleBenchmark.seconds(t0),
              ScaleBenchmark.DiskUse.of(rocks));
        });
    long s0 = System.nanoTime();
    node.close();
    System.out.printf(
        Locale.ROOT,
        "# stopped in %.1fs; journal %s%n",
        ScaleBenchmark.seconds(s0),
        ScaleBenchmark.DiskUse.of(rocks));

    long r0 = System.nanoTime();
    node = bench.start(dir);
    double ready = ScaleBenchmark.seconds(r0);
    TopicStats stats = ScaleBenchmark.await(node.switchboard().stats(ScaleBenchmark.TOPIC));
    double answered = ScaleBenchmark.seconds(r0);
    CompletableFuture<Double> first = new CompletableFuture<>();
    AtomicLong acked = new AtomicLong();
    List<ConsumerControl> consumers = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      consumers.add(
          node.switchboard()
              .source(
                  ScaleBenchmark.TOPIC,
                  ScaleBenchmark.GROUP,
                  ConsumerSettings.defaults().withConsumerId("backlog-" + c).withCredit(500))
              .map(
                  delivery -> {
                    first.complete(ScaleBenchmark.seconds(r0));
                    delivery.ack();
                    acked.incrementAndGet();
                    return NotUsed.getInstance();
                  })
              .to(Sink.ignore())
              .run(node.system()));
    }
    double delivered = first.get(10, TimeUnit.MINUTES);
    System.out.printf(
        Locale.ROOT,
        "RESULT restart count=%d stored=%d node-ready=%.1fs stats-answered=%.1fs "
            + "first-delivery=%.1fs heap-after-gc=%dMiB%n",
        count,
        stats.stored(),
        ready,
        answered,
        delivered,
        ScaleBenchmark.heapAfterGc() >> 20);
    long a0 = System.nanoTime();
    long lastPrint = 0;
    while (ScaleBenchmark.await(node.switchboard().stats(ScaleBenchmark.TOPIC)).stored() > 0) {
      ScaleBenchmark.sleepSeconds(5);
      if (acked.get() - lastPrint >= every) {
        lastPrint = acked.get();
        System.out.printf(
            Locale.ROOT,
            "  %,d acked at %.0fs, heap-after-gc=%dMiB, journal %s%n",
            lastPrint,
            ScaleBenchmark.seconds(a0),
            ScaleBenchmark.heapAfterGc() >> 20,
            ScaleBenchmark.DiskUse.of(rocks));
      }
    }
    double seconds = ScaleBenchmark.seconds(a0);
    ScaleBenchmark.DiskUse done = ScaleBenchmark.DiskUse.of(rocks);
    System.out.printf(
        Locale.ROOT,
        "# all acked in %.0fs (%.0f/s): journal %s%n",
        seconds,
        acked.get() / seconds,
        done);
    int settle = bench.options.integer("settle", 120);
    ScaleBenchmark.DiskUse after = done;
    for (int s = 10; s <= settle; s += 10) {
      ScaleBenchmark.sleepSeconds(10);
      after = ScaleBenchmark.DiskUse.of(rocks);
    }
    System.out.printf(
        Locale.ROOT,
        "RESULT acked count=%d before=%dMiB all-acked=%dMiB after-%ds=%dMiB heap-after-gc=%dMiB "
            + "load=%s%n",
        count,
        before.total() >> 20,
        done.total() >> 20,
        settle,
        after.total() >> 20,
        ScaleBenchmark.heapAfterGc() >> 20,
        ProcessCpu.loadAverage());
    consumers.forEach(c -> ScaleBenchmark.await(c.stop()));
    node.close();
    // What the journal still holds on purpose: events since each partition's last snapshot.
    System.out.printf(
        Locale.ROOT,
        "# after close: %s; events still stored: %dKiB%n",
        ScaleBenchmark.DiskUse.of(rocks),
        StoredEvents.bytes(rocks, "switchboard-partition|") >> 10);
  }
}
