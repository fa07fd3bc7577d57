package io.switchboard.bench;

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
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Requests that answer, in one process with the embedded journal: {@code concurrency} callers in a
 * closed loop, synthetic workers that stream {@code chunks} chunks {@code pace-ms} apart.
 *
 * <pre>
 * java -cp ... io.switchboard.bench.RequestBenchmark [key=value ...]
 *   concurrency=100 chunks=20 pace-ms=20 size=64 partitions=4 duration=15 warmup=5
 * </pre>
 *
 * <p>Prints: chunks/s and requests/s relayed; "dispatch" = from {@code request()} to the worker
 * holding the request (two journal writes: the reply stream's Open and the publish); "relay" = from
 * a worker's {@code reply()} to the caller's stream emitting that chunk (a journal write and the
 * caller's long-poll read), the time Switchboard adds to every chunk; CPU of the whole process per
 * chunk. Numbers only: it asserts nothing.
 */
public final class RequestBenchmark {
  private static final String TOPIC = "bench-requests";
  private static final String GROUP = "workers";

  private final Switchboard sb;
  private final TestNode node;
  private final int chunks;
  private final Duration pace;
  private final int size;
  private final Recorder dispatch = new Recorder(3);
  private final Recorder relay = new Recorder(3);
  private final Recorder firstRelay = new Recorder(3);
  private final AtomicLong chunksReceived = new AtomicLong();
  private final AtomicLong requestsDone = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean running = true;

  private RequestBenchmark(TestNode node, BenchOptions options) {
    this.node = node;
    this.sb = node.switchboard();
    this.chunks = options.integer("chunks", 20);
    this.pace = Duration.ofMillis(options.integer("pace-ms", 20));
    this.size = Math.max(8, options.integer("size", 64));
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    Path dir = Files.createTempDirectory("request-bench");
    int concurrency = options.integer("concurrency", 100);
    System.out.printf(
        Locale.ROOT,
        "RequestBenchmark %s, %d cores%n",
        options.describe(),
        Runtime.getRuntime().availableProcessors());
    try (TestNode node = new TestNode(dir, ConfigFactory.parseString("pekko.loglevel = WARNING"))) {
      RequestBenchmark bench = new RequestBenchmark(node, options);
      bench
          .sb
          .createTopic(TopicConfig.of(TOPIC).withPartitions(options.integer("partitions", 4)))
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      bench
          .sb
          .createGroup(TOPIC, GROUP, GroupConfig.DEFAULT)
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      bench.run(concurrency, options.integer("warmup", 5), options.integer("duration", 15));
    }
  }

  private void run(int concurrency, int warmupSeconds, int durationSeconds)
      throws InterruptedException {
    sb.requests(TOPIC, GROUP, ConsumerSettings.defaults().withCredit(concurrency))
        .mapAsyncUnordered(concurrency * 4, this::serve)
        .runWith(Sink.ignore(), node.system());
    for (int i = 0; i < concurrency; i++) {
      callLoop();
    }
    Thread.sleep(warmupSeconds * 1000L); // a benchmark's clock, not test synchronization
    dispatch.reset();
    relay.reset();
    firstRelay.reset();
    long chunks0 = chunksReceived.get();
    long requests0 = requestsDone.get();
    long cpu0 = ProcessCpu.processCpuNanos();
    long t0 = System.nanoTime();
    Thread.sleep(durationSeconds * 1000L);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long cpu = ProcessCpu.processCpuNanos() - cpu0;
    long relayed = chunksReceived.get() - chunks0;
    long failed = failures.get();
    running = false;
    System.out.printf(
        Locale.ROOT,
        "concurrency %d, %d chunks at %d ms: %.0f chunks/s, %.1f requests/s, CPU %.1f us/chunk (%.2f cores)%n",
        concurrency,
        chunks,
        pace.toMillis(),
        relayed / seconds,
        (requestsDone.get() - requests0) / seconds,
        cpu / 1e3 / Math.max(1, relayed),
        cpu / 1e9 / seconds);
    System.out.printf(
        Locale.ROOT, "  requests failed during the run (warm-up included): %d%n", failed);
    print("dispatch (request() -> worker)", dispatch.getIntervalHistogram());
    print("relay, first chunk (reply() -> caller)", firstRelay.getIntervalHistogram());
    print("relay, every chunk (reply() -> caller)", relay.getIntervalHistogram());
  }

  private static void print(String what, Histogram h) {
    System.out.printf(
        Locale.ROOT,
        "  %-40s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (n=%d)%n",
        what,
        h.getValueAtPercentile(50) / 1e3,
        h.getValueAtPercentile(99) / 1e3,
        h.getMaxValue() / 1e3,
        h.getTotalCount());
  }

  private byte[] stamped() {
    return ByteBuffer.allocate(size).putLong(0, System.nanoTime()).array();
  }

  private static long stampOf(byte[] payload) {
    return ByteBuffer.wrap(payload).getLong(0);
  }

  private static long microsSince(long stamp) {
    return Math.max(0, (System.nanoTime() - stamp) / 1_000);
  }

  /** One caller: a request, its whole answer, then the next, until the run ends. */
  private void callLoop() {
    if (!running) {
      return;
    }
    Message request = Message.builder(TOPIC).payload(stamped()).build();
    sb.request(request, RequestOptions.timeout(Duration.ofMinutes(5)))
        .runWith(Sink.foreach(this::received), node.system())
        .whenCompleteAsync(
            (done, failure) -> {
              if (failure != null) {
                if (running) { // failures while the node stops at the end are not the run's
                  failures.incrementAndGet();
                  System.err.println("request failed: " + failure);
                }
              } else {
                requestsDone.incrementAndGet();
              }
              callLoop();
            },
            node.system().executionContext());
  }

  private void received(ReplyChunk chunk) {
    if (!chunk.last()) {
      long micros = microsSince(stampOf(chunk.payload()));
      relay.recordValue(micros);
      if (chunk.seq() == 1) {
        firstRelay.recordValue(micros);
      }
      chunksReceived.incrementAndGet();
    }
  }

  /** A synthetic worker: {@code chunks} chunks {@code pace} apart, each stamped when sent. */
  private CompletionStage<Done> serve(RequestDelivery request) {
    dispatch.recordValue(microsSince(stampOf(request.message().payload())));
    return stream(request, request.streamed().size() + 1)
        .thenComposeAsync(done -> request.complete(new byte[0]), node.system().executionContext());
  }

  private CompletionStage<Done> stream(RequestDelivery request, int next) {
    if (next > chunks) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return Patterns.after(
            pace,
            node.system().classicSystem().scheduler(),
            node.system().executionContext(),
            () -> request.reply(stamped()))
        .thenComposeAsync(done -> stream(request, next + 1), node.system().executionContext());
  }
}
