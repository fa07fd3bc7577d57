package io.switchboard.bench;

import io.switchboard.TestNode;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.topic.TopicStats;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
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
 * The {@code recovery} mode of {@link ScaleBenchmark}: a child JVM ({@code fill} mode) fills one
 * partition with {@code count} messages and stops (clean: terminates its system; kill: SIGKILL);
 * this JVM reopens the directory and times the node's start, the first stats answer and the first
 * delivery.
 */
final class RecoveryRun {
  private final ScaleBenchmark bench;
  private final Path dir;

  RecoveryRun(ScaleBenchmark bench, Path dir) {
    this.bench = bench;
    this.dir = dir;
  }

  /**
   * Child JVM of {@code recovery}: fills one partition, then stops cleanly or waits to be killed.
   */
  void fill() {
    long count = bench.options.integer("count", 1_000_000);
    TestNode node = bench.start(dir);
    bench.createTopic(node.switchboard(), 1);
    long t0 = System.nanoTime();
    AtomicLong filled = new AtomicLong();
    bench.publish(
        node,
        count,
        100_000,
        () ->
            System.out.printf(
                Locale.ROOT,
                "  %,d confirmed at %.0fs, journal %s%n",
                filled.addAndGet(100_000),
                ScaleBenchmark.seconds(t0),
                ScaleBenchmark.DiskUse.of(dir.resolve("journal-rocksdb"))));
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "FILLED %d in %.1fs (%.0f/s) heap-after-gc=%dMiB%n",
        count,
        seconds,
        count / seconds,
        ScaleBenchmark.heapAfterGc() >> 20);
    if (bench.options.string("stop", "clean").equals("clean")) {
      long s0 = System.nanoTime();
      node.close();
      System.out.printf(Locale.ROOT, "STOPPED in %.1fs%n", (System.nanoTime() - s0) / 1e9);
    } else {
      System.out.println("KILL ME");
      System.out.flush();
      new CompletableFuture<Void>().join();
    }
  }

  void run() throws Exception {
    long count = bench.options.integer("count", 1_000_000);
    String stop = bench.options.string("stop", "clean");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ScaleBenchmark.class.getName(),
            "fill",
            "dir=" + dir,
            "count=" + count,
            "size=" + bench.size(),
            "stop=" + stop,
            "durability=" + bench.options.string("durability", "fsync")));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        System.out.println("  child: " + line);
        if (line.equals("KILL ME")) {
          child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
          break;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "# child exited %d; journal on disk: %s%n",
        child.waitFor(),
        ScaleBenchmark.DiskUse.of(dir));
    long t0 = System.nanoTime();
    TestNode node = bench.start(dir);
    double ready = ScaleBenchmark.seconds(t0);
    TopicStats stats = ScaleBenchmark.await(node.switchboard().stats(ScaleBenchmark.TOPIC));
    double answered = ScaleBenchmark.seconds(t0);
    CompletableFuture<Double> first = new CompletableFuture<>();
    ConsumerControl consumer =
        node.switchboard()
            .source(
                ScaleBenchmark.TOPIC,
                ScaleBenchmark.GROUP,
                ConsumerSettings.defaults().withConsumerId("scale").withCredit(100))
            .map(
                delivery -> {
                  first.complete(ScaleBenchmark.seconds(t0));
                  return NotUsed.getInstance();
                })
            .to(Sink.ignore())
            .run(node.system());
    double delivered = first.get(10, TimeUnit.MINUTES);
    System.out.printf(
        Locale.ROOT,
        "RESULT recovery stop=%s count=%d size=%d stored=%d node-ready=%.1fs stats-answered=%.1fs "
            + "first-delivery=%.1fs heap-after-gc=%dMiB load=%s%n",
        stop,
        count,
        bench.size(),
        stats.stored(),
        ready,
        answered,
        delivered,
        ScaleBenchmark.heapAfterGc() >> 20,
        ProcessCpu.loadAverage());
    ScaleBenchmark.await(consumer.stop());
    node.close();
  }
}
