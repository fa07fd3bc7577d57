package io.switchboard.bench;

import com.typesafe.config.ConfigFactory;
import io.switchboard.Switchboard;
import io.switchboard.TestNode;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.internal.journal.JournalCounters;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Throughput and latency of one in-process node with the library default journal (the embedded
 * RocksDB).
 *
 * <pre>
 * java -cp ... io.switchboard.bench.ThroughputBenchmark MODE [key=value ...]
 *   MODE: durable | latency | transient | all
 *   keys (or -Dbench.KEY=VALUE): duration=15 warmup=10 size=1024 partitions=8 producers=2
 *        parallelism=8 consumers=2 credit=500 max-lag=50000 rate=(latency mode; default
 *        half of the maximum measured first) durable=true (latency mode: false for a
 *        transient topic) dir=(temp directory, deleted after)
 * </pre>
 *
 * <p>Max-throughput modes: producers run {@link Switchboard#publisher(int)} flat out, consumers ack
 * every delivery; the result is the messages consumed (and acked) per second over the measured
 * window after warm-up. Producers pause when more than {@code max-lag} messages are published but
 * not yet consumed, so a run measures what is sustainable end to end instead of filling the
 * backlog. Latency mode publishes at a fixed rate and records publish-to-ack latency from each
 * message's <em>intended</em> send time (no coordinated omission).
 *
 * <p>Each result line also gives the CPU the process used (cores) and its CPU time per consumed
 * message: on a shared machine that is steadier than the rate. "warm" leaves out the JIT compiler
 * threads (warm-up, slower on a busy machine) and the pacer thread that clocks the fixed rate.
 * Library settings can be changed with system properties, e.g. {@code
 * -Dswitchboard.partition.max-batch-messages=400}.
 *
 * <p>Over 400 lines on purpose: one command-line benchmark whose modes share its node, counters and
 * report; the CPU counters and the workload options are classes of their own already.
 */
public final class ThroughputBenchmark {

  private static final String SENT_HEADER = "bench-sent-nanos";

  private final BenchOptions options;
  private final TestNode node;
  private final Switchboard sb;
  private final byte[] payload;
  private int topics;

  private ThroughputBenchmark(BenchOptions options, TestNode node) {
    this.options = options;
    this.node = node;
    this.sb = node.switchboard();
    this.payload = new byte[options.integer("size", 1024)];
    new Random(42).nextBytes(payload);
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    String mode = options.mode;
    String dirOption = options.string("dir", null);
    Path dir =
        dirOption != null ? Path.of(dirOption) : Files.createTempDirectory("switchboard-bench");
    System.out.printf(
        Locale.ROOT,
        "# switchboard benchmark: mode=%s %s cores=%d maxHeap=%dMiB dir=%s%n",
        mode,
        options.describe(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        dir);
    TestNode node = new TestNode(dir, ConfigFactory.parseString("pekko.loglevel = WARNING"));
    List<String> results = new ArrayList<>();
    try {
      ThroughputBenchmark bench = new ThroughputBenchmark(options, node);
      switch (mode) {
        case "durable" -> results.add(bench.maxThroughput(true).line);
        case "transient" -> results.add(bench.maxThroughput(false).line);
        case "latency" -> results.addAll(bench.latency());
        case "all" -> {
          // Transient first: it warms up (JIT) the code paths the durable runs share.
          results.add(bench.maxThroughput(false).line);
          results.addAll(bench.latency());
        }
        default ->
            throw new IllegalArgumentException("mode must be durable, latency, transient or all");
      }
    } finally {
      node.close();
      if (dirOption == null) {
        deleteRecursively(dir);
      }
    }
    System.out.println("# summary");
    results.forEach(System.out::println);
    System.exit(0);
  }

  private record Result(String line, double throughput) {}

  private List<String> latency() {
    List<String> lines = new ArrayList<>();
    boolean durable = Boolean.parseBoolean(options.string("durable", "true"));
    double rate = options.decimal("rate", -1);
    if (rate <= 0) {
      Result max = maxThroughput(durable);
      lines.add(max.line);
      rate = max.throughput / 2;
    }
    lines.add(run("latency", durable, rate).line);
    return lines;
  }

  private Result maxThroughput(boolean durable) {
    return run(durable ? "durable" : "transient", durable, -1);
  }

  /** One measured run on a fresh topic; {@code rate} &lt;= 0 publishes as fast as possible. */
  private Result run(String label, boolean durable, double rate) {
    int partitions = options.integer("partitions", 8);
    int producers = options.integer("producers", 2);
    int parallelism = options.integer("parallelism", 8);
    int consumers = options.integer("consumers", 2);
    int credit = options.integer("credit", 500);
    long maxLag = options.integer("max-lag", 50_000);
    int warmup = options.integer("warmup", 10);
    int duration = options.integer("duration", 15);

    String topic = "bench-" + label + "-" + (++topics);
    await(
        sb.createTopic(
            TopicConfig.of(topic)
                .withPartitions(partitions)
                .withDurable(durable)
                .withBacklogLimit(10_000_000)));
    await(sb.createGroup(topic, "bench", GroupConfig.DEFAULT));

    Counters counters = new Counters(maxLag);
    Recorder ackLatency = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    Recorder confirmLatency = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);

    List<ConsumerControl> consumerControls = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      consumerControls.add(
          sb.source(
                  topic,
                  "bench",
                  ConsumerSettings.defaults()
                      .withConsumerId("bench-consumer-" + c)
                      .withCredit(credit))
              .map(
                  delivery -> {
                    long now = System.nanoTime();
                    delivery.ack();
                    String sent = delivery.message().headers().get(SENT_HEADER);
                    if (sent != null) {
                      ackLatency.recordValue(Math.max(0, (now - Long.parseLong(sent)) / 1000));
                    }
                    counters.consumed();
                    return NotUsed.getInstance();
                  })
              .to(Sink.ignore())
              .run(node.system()));
    }

    List<Pair<UniqueKillSwitch, CompletionStage<Done>>> producerStreams = new ArrayList<>();
    long startNanos = System.nanoTime();
    for (int p = 0; p < producers; p++) {
      Pair<UniqueKillSwitch, CompletionStage<Done>> stream =
          producer(
                  topic,
                  parallelism,
                  rate > 0 ? rate / producers : -1,
                  startNanos,
                  counters,
                  confirmLatency)
              .toMat(Sink.ignore(), Keep.left())
              .run(node.system());
      stream
          .second()
          .whenCompleteAsync(
              (done, failure) -> {
                if (failure != null) {
                  System.out.println("# producer failed: " + failure);
                }
              },
              node.system().executionContext());
      producerStreams.add(stream);
    }

    System.out.printf(
        Locale.ROOT,
        "# %s: topic=%s durable=%s partitions=%d producers=%d parallelism=%d "
            + "consumers=%d credit=%d max-lag=%d rate=%s size=%d warmup=%ds duration=%ds%n",
        label,
        topic,
        durable,
        partitions,
        producers,
        parallelism,
        consumers,
        credit,
        maxLag,
        rate > 0 ? String.format(Locale.ROOT, "%.0f/s", rate) : "max",
        payload.length,
        warmup,
        duration);
    sample(counters, warmup, "warmup");
    ackLatency.reset();
    confirmLatency.reset();
    long published0 = counters.published.sum();
    long consumed0 = counters.consumed.sum();
    long t0 = System.nanoTime();
    long cpu0 = ProcessCpu.processCpuNanos();
    long[] ticks0 = ProcessCpu.userSystemTicks();
    Map<String, Long> threads0 = ProcessCpu.threadTicks();
    JournalCounters journal0 = JournalCounters.of(node.system());
    long switches0 = ProcessCpu.contextSwitches();
    Map<String, Long> wakeUps0 = ProcessCpu.threadWakeUps();
    long allocated0 = ProcessCpu.allocatedBytes();
    sample(counters, duration, "measure");
    JournalCounters journal1 = JournalCounters.of(node.system());
    long switches = ProcessCpu.contextSwitches() - switches0;
    Map<String, Long> wakeUps1 = ProcessCpu.threadWakeUps();
    long allocated = ProcessCpu.allocatedBytes() - allocated0;
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (ProcessCpu.processCpuNanos() - cpu0) / 1e9;
    long[] ticks1 = ProcessCpu.userSystemTicks();
    Map<String, Long> threads1 = ProcessCpu.threadTicks();
    long userTicks = ticks1[0] - ticks0[0];
    long systemTicks = ticks1[1] - ticks0[1];
    double systemShare =
        userTicks + systemTicks == 0 ? 0 : 100.0 * systemTicks / (userTicks + systemTicks);
    long published = counters.published.sum() - published0;
    long consumed = counters.consumed.sum() - consumed0;
    Histogram acks = ackLatency.getIntervalHistogram();
    Histogram confirms = confirmLatency.getIntervalHistogram();

    counters.stopping = true;
    producerStreams.forEach(s -> s.first().shutdown());
    producerStreams.forEach(s -> awaitQuietly(s.second()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (counters.consumed.sum() < counters.published.sum() && System.nanoTime() < deadline) {
      sleep(50);
    }
    consumerControls.forEach(c -> awaitQuietly(c.stop()));

    double consumedRate = consumed / seconds;
    String line =
        String.format(
            Locale.ROOT,
            "RESULT %-9s durable=%s size=%d partitions=%d producers=%d parallelism=%d consumers=%d credit=%d "
                + "rate=%s window=%.1fs load=%s published=%.0f/s consumed=%.0f/s cpu=%.2f cores "
                + "(kernel %.0f%%) cpu-per-msg=%.1fus (warm %.1fus) ctx-switches-per-msg=%.2f alloc-per-msg=%.0fB",
            label,
            durable,
            payload.length,
            partitions,
            producers,
            parallelism,
            consumers,
            credit,
            rate > 0 ? String.format(Locale.ROOT, "%.0f/s", rate) : "max",
            seconds,
            ProcessCpu.loadAverage(),
            published / seconds,
            consumedRate,
            cpuSeconds / seconds,
            systemShare,
            consumed == 0 ? 0 : cpuSeconds * 1e6 / consumed,
            consumed == 0
                ? 0
                : cpuSeconds * 1e6 * ProcessCpu.warmShare(threads0, threads1) / consumed,
            consumed == 0 ? 0 : (double) switches / consumed,
            consumed == 0 ? 0 : (double) allocated / consumed);
    if (rate > 0) {
      line +=
          String.format(
              Locale.ROOT,
              " publish-to-ack p50=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms"
                  + " (n=%d) publish-to-confirm p50=%.2fms p99=%.2fms",
              millis(acks, 50),
              millis(acks, 99),
              millis(acks, 99.9),
              acks.getMaxValue() / 1000.0,
              acks.getTotalCount(),
              millis(confirms, 50),
              millis(confirms, 99));
    }
    System.out.println(line);
    System.out.println(
        "# " + label + " cpu by thread group: " + ProcessCpu.threadBreakdown(threads0, threads1));
    System.out.println(
        "# "
            + label
            + " wake-ups per message by thread group: "
            + ProcessCpu.wakeUpsPerMessage(wakeUps0, wakeUps1, consumed));
    if (journal0 != null && durable) {
      System.out.println("# " + label + " " + journal1.since(journal0, consumed, seconds));
    }
    return new Result(line, consumedRate);
  }

  /**
   * One producer: messages stamped with their send time (the intended one at a fixed rate), through
   * {@code publisher(parallelism)}.
   */
  private Source<Confirm, Pair<UniqueKillSwitch, CompletionStage<Done>>> producer(
      String topic,
      int parallelism,
      double rate,
      long startNanos,
      Counters counters,
      Recorder confirmLatency) {
    ConcurrentLinkedQueue<Long> sentTimes = new ConcurrentLinkedQueue<>();
    AtomicLong sequence = new AtomicLong();
    double intervalNanos = rate > 0 ? 1e9 / rate : 0;
    Source<NotUsed, NotUsed> ticks =
        rate > 0
            ? Source.<NotUsed>queue(8192)
                .mapMaterializedValue(
                    queue -> {
                      pace(queue, startNanos, intervalNanos, counters);
                      return NotUsed.getInstance();
                    })
            : Source.repeat(NotUsed.getInstance());
    return ticks
        .mapAsync(1, tick -> counters.permit())
        .map(
            tick -> {
              if (rate <= 0) {
                return Message.builder(topic).payload(payload).build();
              }
              // Stamped with the intended send time: a late send counts against latency.
              long sent = startNanos + (long) (sequence.getAndIncrement() * intervalNanos);
              sentTimes.add(sent);
              return Message.builder(topic)
                  .payload(payload)
                  .headers(Map.of(SENT_HEADER, Long.toString(sent)))
                  .build();
            })
        .via(sb.publisher(parallelism))
        .map(
            confirm -> {
              Long sent = rate > 0 ? sentTimes.poll() : null;
              if (sent != null) {
                confirmLatency.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
              }
              counters.published.increment();
              return confirm;
            })
        .viaMat(KillSwitches.single(), Keep.right())
        .watchTermination(Keep.both());
  }

  /**
   * Offers one element per {@code intervalNanos} from a thread of its own (Pekko's timers tick
   * every 10 ms, too coarse to pace). An element that does not fit waits for the next round: it
   * stays due, and its intended send time does not move.
   */
  private static void pace(
      BoundedSourceQueue<NotUsed> queue, long startNanos, double intervalNanos, Counters counters) {
    Thread pacer =
        new Thread(
            () -> {
              long offered = 0;
              while (!counters.stopping) {
                long due = (long) ((System.nanoTime() - startNanos) / intervalNanos) + 1;
                while (offered < due) {
                  QueueOfferResult result = queue.offer(NotUsed.getInstance());
                  if (result == QueueOfferResult.enqueued()) {
                    offered++;
                  } else if (result == QueueOfferResult.dropped()) {
                    break;
                  } else {
                    return;
                  }
                }
                // Sleep until the next element is due (at least 0.2 ms: waking costs CPU too).
                long nextDue = startNanos + (long) ((offered) * intervalNanos);
                LockSupport.parkNanos(Math.max(200_000, nextDue - System.nanoTime()));
              }
              try {
                queue.complete();
              } catch (IllegalStateException alreadyDone) {
                // the kill switch ended the stream first
              }
            },
            "bench-pacer");
    pacer.setDaemon(true);
    pacer.start();
  }

  private static void sample(Counters counters, int seconds, String phase) {
    long published = counters.published.sum();
    long consumed = counters.consumed.sum();
    long last = System.nanoTime();
    for (int s = 1; s <= seconds; s++) {
      sleep(1000);
      long now = System.nanoTime();
      long p = counters.published.sum();
      long c = counters.consumed.sum();
      double dt = (now - last) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "  %s %2ds published %9.0f/s consumed %9.0f/s lag %6d load %s%n",
          phase,
          s,
          (p - published) / dt,
          (c - consumed) / dt,
          p - c,
          ProcessCpu.loadAverage());
      published = p;
      consumed = c;
      last = now;
    }
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  private static void awaitQuietly(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.out.println("# (while stopping: " + e + ")");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
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
}
