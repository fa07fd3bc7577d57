package io.switchboard.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.Switchboard;
import io.switchboard.TestNode;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.RequestOptions;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.awaitility.Awaitility;

/**
 * {@code requests} streamed requests that start at once, on one node with the embedded journal: the
 * scenario where starting a request costs most. Synthetic workers (one worker source, credit {@code
 * requests}) stream {@code chunks} chunks {@code pace-ms} apart; each chunk carries when the worker
 * got the request and when it sent the chunk, so what Switchboard adds is measured over the
 * worker's own pace (Pekko's scheduler ticks make that pace 20-30 ms at 20).
 *
 * <pre>
 * java -cp ... io.switchboard.bench.RequestBurstBenchmark [key=value ...]
 *   requests=1000 chunks=20 pace-ms=20 size=64 partitions=4 rounds=3 warmup-rounds=1
 *   nodes=1 (2: the workers in a second JVM joined over Artery; both on PostgreSQL at pg-url)
 *   journal=rocksdb (postgres: one node on the two-node run's journal)
 * </pre>
 *
 * <p>Prints, over the measured rounds: "first chunk added" = (caller's first chunk - the caller's
 * request()) - (the worker's first reply() - the worker getting the request); "between chunks
 * added" = the gap between two chunks at the caller minus their gap at the worker (negative values
 * count as 0); "stored" = request() to the request being stored (its reply stream's Open, the
 * publish); "dispatch" = request() to the worker holding it; chunks/s from the first request() to
 * the last end of a round; CPU of the process per chunk; heap bytes allocated per request and per
 * chunk (the callers' JVM only). Numbers only: it asserts nothing.
 */
public final class RequestBurstBenchmark {
  private static final String TOPIC = "bench-burst";
  private static final String GROUP = "workers";

  private final Switchboard sb;
  private final TestNode node;
  private final String topic;
  private final int chunks;
  private final Duration pace;
  private final int size;
  private final Recorder firstAdded = new Recorder(3);
  private final Recorder gapAdded = new Recorder(3);
  private final Recorder dispatch = new Recorder(3);
  private final Recorder accepted = new Recorder(3);
  private final AtomicLong chunksReceived = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final java.util.Map<String, AtomicLong> reasons =
      new java.util.concurrent.ConcurrentHashMap<>();

  private RequestBurstBenchmark(TestNode node, BenchOptions options, String topic) {
    this.node = node;
    this.topic = topic;
    this.sb = node.switchboard();
    this.chunks = options.integer("chunks", 20);
    this.pace = Duration.ofMillis(options.integer("pace-ms", 20));
    this.size = Math.max(16, options.integer("size", 64));
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    if (options.string("role", "caller").equals("worker")) {
      runWorkerNode(options);
      return;
    }
    Path dir = Files.createTempDirectory("request-burst");
    int requests = options.integer("requests", 1000);
    int nodes = options.integer("nodes", 1);
    String pgUrl = options.string("pg-url", "jdbc:postgresql://127.0.0.1:5432/sb_bench_requests");
    System.out.printf(
        Locale.ROOT,
        "RequestBurstBenchmark %s, %d cores, load %s%n",
        options.describe(),
        Runtime.getRuntime().availableProcessors(),
        ProcessCpu.loadAverage());
    // Two nodes share a PostgreSQL journal, and a run leaves its topic there: each has its own.
    String topic =
        nodes == 2 || options.string("journal", "rocksdb").equals("postgres")
            ? TOPIC + "-" + System.currentTimeMillis()
            : TOPIC;
    // journal=postgres on one node: the two-node run's journal without its second JVM.
    boolean postgres = nodes == 2 || options.string("journal", "rocksdb").equals("postgres");
    Config config =
        postgres
            ? WorkerProcess.sharedJournal(pgUrl)
            : ConfigFactory.parseString("pekko.loglevel = WARNING");
    try (TestNode node = new TestNode(dir, config)) {
      RequestBurstBenchmark bench = new RequestBurstBenchmark(node, options, topic);
      bench
          .sb
          .createTopic(TopicConfig.of(topic).withPartitions(options.integer("partitions", 4)))
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      bench
          .sb
          .createGroup(topic, GROUP, GroupConfig.DEFAULT)
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      if (nodes == 2) {
        try (WorkerProcess workers =
            WorkerProcess.start(
                List.of(
                    "seed=" + node.address(),
                    "pg-url=" + pgUrl,
                    "topic=" + topic,
                    "requests=" + requests,
                    "chunks=" + bench.chunks,
                    "pace-ms=" + bench.pace.toMillis(),
                    "size=" + bench.size))) {
          bench.run(
              requests, options.integer("warmup-rounds", 1), options.integer("rounds", 3), workers);
        }
      } else {
        bench.serveAll(requests);
        bench.run(
            requests, options.integer("warmup-rounds", 1), options.integer("rounds", 3), null);
      }
    }
  }

  /** The second JVM of {@code nodes=2}: joins the caller's node and runs the workers. */
  private static void runWorkerNode(BenchOptions options) throws Exception {
    Path dir = Files.createTempDirectory("request-burst-worker");
    Address seed = AddressFromURIString.parse(options.string("seed", ""));
    String topic = options.string("topic", TOPIC);
    try (TestNode node =
        new TestNode(dir, WorkerProcess.sharedJournal(options.string("pg-url", "")), seed)) {
      RequestBurstBenchmark bench = new RequestBurstBenchmark(node, options, topic);
      bench.serveAll(options.integer("requests", 1000));
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(bench::subscribedEverywhere); // every partition, on either node, knows it
      System.out.println("workers ready");
      WorkerProcess.awaitParentGone();
    }
  }

  private boolean subscribedEverywhere() throws Exception {
    var stats = sb.stats(topic).toCompletableFuture().get(30, TimeUnit.SECONDS);
    return !stats.partitions().isEmpty()
        && stats.partitions().stream().noneMatch(p -> p.consumers().isEmpty());
  }

  /** Runs one worker source with credit {@code requests} on this node. */
  private void serveAll(int requests) {
    sb.requests(topic, GROUP, ConsumerSettings.defaults().withCredit(requests))
        .mapAsyncUnordered(requests, this::serve)
        .runWith(Sink.ignore(), node.system());
  }

  private void run(int requests, int warmupRounds, int rounds, WorkerProcess workers)
      throws Exception {
    for (int i = 0; i < warmupRounds; i++) {
      System.out.printf(Locale.ROOT, "  warm-up round: %.2f s%n", round(requests) / 1e9);
    }
    firstAdded.reset();
    gapAdded.reset();
    dispatch.reset();
    accepted.reset();
    long chunks0 = chunksReceived.get();
    long failed0 = failures.get();
    long cpu0 = ProcessCpu.processCpuNanos();
    long allocated0 = ProcessCpu.allocatedBytes();
    long workerCpu0 = workers == null ? 0 : workers.cpuNanos();
    // per thread, to tell the JIT compilers (still busy after a short warm-up) from the rest
    Map<String, Long> threads0 = ProcessCpu.threadTicks();
    Map<String, Long> workerThreads0 = workers == null ? Map.of() : workers.threadTicks();
    long busyNanos = 0;
    for (int i = 0; i < rounds; i++) {
      long nanos = round(requests);
      busyNanos += nanos;
      System.out.printf(Locale.ROOT, "  round %d: %.2f s%n", i + 1, nanos / 1e9);
    }
    long callerCpu = ProcessCpu.processCpuNanos() - cpu0;
    Map<String, Long> threads1 = ProcessCpu.threadTicks();
    Map<String, Long> workerThreads1 = workers == null ? Map.of() : workers.threadTicks();
    long allocated = ProcessCpu.allocatedBytes() - allocated0;
    long workerCpu = workers == null ? 0 : workers.cpuNanos() - workerCpu0;
    long cpu = callerCpu + workerCpu;
    long relayed = chunksReceived.get() - chunks0;
    System.out.printf(
        Locale.ROOT,
        "%d requests at once x %d rounds, %d chunks at %d ms, %s: %.0f chunks/s, CPU %.1f us/chunk"
            + " (%.2f cores%s), failed %d%n",
        requests,
        rounds,
        chunks,
        pace.toMillis(),
        workers == null ? "one node" : "two nodes (callers | workers)",
        relayed / (busyNanos / 1e9),
        cpu / 1e3 / Math.max(1, relayed),
        (double) cpu / busyNanos,
        workers == null
            ? ""
            : String.format(
                Locale.ROOT,
                ": %.2f + %.2f",
                (double) callerCpu / busyNanos,
                (double) workerCpu / busyNanos),
        failures.get() - failed0);
    double warmCpu =
        callerCpu * ProcessCpu.warmShare(threads0, threads1)
            + (workers == null
                ? 0
                : workerCpu * ProcessCpu.warmShare(workerThreads0, workerThreads1));
    System.out.printf(
        Locale.ROOT,
        "  without the JIT compilers: CPU %.1f us/chunk, %.0f us/request%n",
        warmCpu / 1e3 / Math.max(1, relayed),
        warmCpu / 1e3 / ((long) requests * rounds));
    System.out.println("  threads (this JVM): " + ProcessCpu.threadBreakdown(threads0, threads1));
    if (workers != null) {
      System.out.println(
          "  threads (worker JVM): " + ProcessCpu.threadBreakdown(workerThreads0, workerThreads1));
    }
    System.out.printf(
        Locale.ROOT,
        "  allocated %.1f KiB per request, %.2f KiB per chunk (this JVM; a count the load does"
            + " not change)%n",
        allocated / 1024.0 / ((long) requests * rounds),
        allocated / 1024.0 / Math.max(1, relayed));
    print("stored (publish)", accepted.getIntervalHistogram());
    if (workers == null) { // two JVMs' nanoTime clocks cannot be compared
      print("dispatch (request() -> worker)", dispatch.getIntervalHistogram());
    }
    print("first chunk added", firstAdded.getIntervalHistogram());
    print("between chunks added", gapAdded.getIntervalHistogram());
    if (!reasons.isEmpty()) {
      System.out.println("  failures (warm-up included): " + new java.util.TreeMap<>(reasons));
    }
  }

  /** Starts {@code requests} requests at once; returns the nanoseconds until the last ended. */
  private long round(int requests) throws Exception {
    long t0 = System.nanoTime();
    List<CompletableFuture<Done>> ends = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      ends.add(call().toCompletableFuture());
    }
    CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new))
        .exceptionally(failure -> null)
        .get(10, TimeUnit.MINUTES);
    return System.nanoTime() - t0;
  }

  /** One caller: sends a request and reads its whole answer. */
  private CompletionStage<Done> call() {
    long start = System.nanoTime();
    long[] last = {0, 0}; // the caller's and the worker's time of the previous chunk
    Message request =
        Message.builder(topic).payload(ByteBuffer.allocate(size).putLong(0, start).array()).build();
    var answer =
        sb.requestAccepted(request, RequestOptions.timeout(Duration.ofMinutes(5)))
            .toMat(Sink.foreach(chunk -> received(chunk, start, last)), Keep.both())
            .run(node.system());
    answer
        .first()
        .thenRunAsync(
            () -> accepted.recordValue(micros(System.nanoTime() - start)),
            node.system().executionContext());
    return answer
        .second()
        .whenCompleteAsync(
            (done, failure) -> {
              if (failure != null) {
                failures.incrementAndGet();
                reasons
                    .computeIfAbsent("caller: " + reason(failure), r -> new AtomicLong())
                    .incrementAndGet();
              }
            },
            node.system().executionContext());
  }

  private void received(ReplyChunk chunk, long start, long[] last) {
    if (chunk.last()) {
      return;
    }
    long now = System.nanoTime();
    ByteBuffer payload = ByteBuffer.wrap(chunk.payload());
    long sent = payload.getLong(0);
    long got = payload.getLong(8);
    if (chunk.seq() == 1) {
      firstAdded.recordValue(micros((now - start) - (sent - got)));
    } else {
      gapAdded.recordValue(micros((now - last[0]) - (sent - last[1])));
    }
    last[0] = now;
    last[1] = sent;
    chunksReceived.incrementAndGet();
  }

  private static long micros(long nanos) {
    return Math.max(0, nanos / 1_000);
  }

  private static void print(String what, Histogram h) {
    System.out.printf(
        Locale.ROOT,
        "  %-32s p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  (n=%d)%n",
        what,
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getMaxValue() / 1e3,
        h.getTotalCount());
  }

  /** A synthetic worker: {@code chunks} chunks {@code pace} apart, each stamped when sent. */
  private CompletionStage<Done> serve(RequestDelivery request) {
    long got = System.nanoTime();
    dispatch.recordValue(micros(got - ByteBuffer.wrap(request.message().payload()).getLong(0)));
    return stream(request, request.streamed().size() + 1, got)
        .thenComposeAsync(done -> request.complete(new byte[0]), node.system().executionContext())
        .exceptionallyAsync(
            failure -> { // a failed answer must not end the worker source (and every later round)
              reasons
                  .computeIfAbsent("worker: " + reason(failure), r -> new AtomicLong())
                  .incrementAndGet();
              return Done.getInstance();
            },
            node.system().executionContext());
  }

  /** Names a failure by its code (or class) for the end-of-run summary. */
  private static String reason(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause instanceof java.util.concurrent.CompletionException) {
      cause = cause.getCause();
    }
    return cause instanceof io.switchboard.SwitchboardException refused
        ? refused.code().name()
        : cause.getClass().getSimpleName();
  }

  private CompletionStage<Done> stream(RequestDelivery request, int next, long got) {
    if (next > chunks) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return Patterns.after(
            pace,
            node.system().classicSystem().scheduler(),
            node.system().executionContext(),
            () ->
                request.reply(
                    ByteBuffer.allocate(size)
                        .putLong(0, System.nanoTime())
                        .putLong(8, got)
                        .array()))
        .thenComposeAsync(done -> stream(request, next + 1, got), node.system().executionContext());
  }
}
