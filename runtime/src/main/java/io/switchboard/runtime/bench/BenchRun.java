package io.switchboard.runtime.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs producers and consumers for the configured duration, prints a progress line every second and
 * a summary at the end. Producers pace themselves to the rate (or go closed-loop at rate 0);
 * consumers pull, record end-to-end latency and ack.
 */
public final class BenchRun {
  static final String GROUP = "bench";

  private final BenchSettings settings;
  private final BenchTarget target;
  private final PrintStream out;
  private final LatencyRecorder publishLatency = new LatencyRecorder();
  private final LatencyRecorder endToEnd = new LatencyRecorder();
  private final AtomicLong confirmed = new AtomicLong();
  private final AtomicLong consumed = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicBoolean producing = new AtomicBoolean(true);
  private final AtomicBoolean consuming = new AtomicBoolean(true);
  private final AtomicBoolean cleaning = new AtomicBoolean();
  private volatile String lastError = "";
  private volatile boolean createdTopic;

  /** The counts at the end of the warm-up: the summary counts what came after. */
  private long confirmedBefore;

  private long consumedBefore;
  private long errorsBefore;

  public BenchRun(BenchSettings settings, BenchTarget target, PrintStream out) {
    this.settings = settings;
    this.target = target;
    this.out = out;
  }

  /**
   * Runs the benchmark; returns the summary that was printed last. A topic the run created is
   * deleted at the end, also when the run fails.
   */
  public BenchResult run() throws Exception {
    createdTopic = target.prepare(settings, GROUP);
    try {
      return measure();
    } finally {
      cleanUp();
    }
  }

  /**
   * Deletes the topic if this run created it and has not deleted it yet (a shutdown hook may call
   * it).
   */
  public void cleanUp() {
    if (!createdTopic || !cleaning.compareAndSet(false, true)) {
      return;
    }
    try {
      target.deleteTopic(settings.topic());
      out.printf("bench: deleted topic %s%n", settings.topic());
    } catch (Exception e) {
      out.printf("bench: could not delete topic %s (%s)%n", settings.topic(), e);
    }
  }

  private BenchResult measure() throws Exception {
    out.printf(
        "bench: topic %s, %d partitions, %s, %d B messages, rate %s, %d producers, %d consumers, window %d, %ds"
            + " (after a warm-up of %ds)%n",
        settings.topic(),
        settings.partitions(),
        settings.durable() ? "durable" : "transient",
        settings.messageSize(),
        settings.rate() == 0 ? "max" : settings.rate() + "/s",
        settings.producers(),
        settings.consumers(),
        settings.window(),
        settings.duration().toSeconds(),
        settings.warmup().toSeconds());
    List<Thread> producers = start("producer", settings.producers(), this::produce);
    List<Thread> consumers = start("consumer", settings.consumers(), this::consume);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    Progress progress = new Progress();
    long begun = System.nanoTime();
    ticker.scheduleAtFixedRate(() -> progress.print(begun), 1, 1, TimeUnit.SECONDS);
    try {
      long started = warmUp(begun);
      waitFor(settings.duration());
      producing.set(false);
      join(producers);
      long producedFor = System.nanoTime() - started;
      awaitDrain();
      consuming.set(false);
      join(consumers);
      return summary(producedFor, System.nanoTime() - started);
    } finally {
      ticker.shutdownNow();
    }
  }

  /**
   * Lets producers and consumers run for the warm-up (a fresh JVM spends its first seconds
   * compiling), then starts the counts and latencies over; returns when measuring starts.
   */
  private long warmUp(long begun) {
    if (settings.warmup().isZero()) {
      return begun;
    }
    waitFor(settings.warmup());
    confirmedBefore = confirmed.get();
    consumedBefore = consumed.get();
    errorsBefore = errors.get();
    publishLatency.reset();
    endToEnd.reset();
    out.printf("bench: warm-up over after %ds, measuring%n", settings.warmup().toSeconds());
    return System.nanoTime();
  }

  /** Waits the whole {@code time}: a park may return early. */
  private static void waitFor(Duration time) {
    long deadline = System.nanoTime() + time.toNanos();
    for (long left = time.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  private void produce() {
    byte[] payload = new byte[settings.messageSize()];
    ThreadLocalRandom.current().nextBytes(payload);
    long interval =
        settings.rate() == 0 ? 0 : TimeUnit.SECONDS.toNanos(settings.producers()) / settings.rate();
    long next = System.nanoTime();
    Semaphore window = new Semaphore(settings.window());
    while (producing.get()) {
      if (interval > 0) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        next += interval;
      }
      window.acquireUninterruptibly();
      long sent = System.nanoTime();
      CompletableFuture<?> confirm = target.publishAsync(settings.topic(), payload, sent);
      confirm.whenComplete(
          (confirmed, failure) -> {
            window.release();
            if (failure == null) {
              publishLatency.record(System.nanoTime() - sent);
              this.confirmed.incrementAndGet();
            } else {
              noteError(failure);
            }
          });
      if (confirm.isCompletedExceptionally()) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // a refusing target: do not spin
      }
    }
    window.acquireUninterruptibly(settings.window()); // the last confirms count for this producer
  }

  private void consume() {
    while (consuming.get()) {
      try {
        List<BenchTarget.Received> batch =
            target.pull(settings.topic(), GROUP, settings.pullMax(), Duration.ofMillis(500));
        long now = System.nanoTime();
        List<String> receipts = new ArrayList<>(batch.size());
        for (BenchTarget.Received received : batch) {
          endToEnd.record(now - received.sentNanos());
          receipts.add(received.receipt());
        }
        if (!receipts.isEmpty()) {
          target.ack(settings.topic(), GROUP, receipts);
          consumed.addAndGet(receipts.size());
        }
      } catch (Exception e) {
        failed(e);
      }
    }
  }

  private void awaitDrain() {
    long deadline = System.nanoTime() + settings.drain().toNanos();
    while (settings.consumers() > 0
        && consumed.get() < confirmed.get()
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private void failed(Exception e) {
    noteError(e);
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
  }

  /** Counts a failure; called from confirm callbacks too, so it must not wait. */
  private void noteError(Throwable e) {
    Throwable cause =
        e instanceof java.util.concurrent.CompletionException && e.getCause() != null
            ? e.getCause()
            : e;
    errors.incrementAndGet();
    lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private BenchResult summary(long producedNanos, long totalNanos) {
    publishLatency.interval();
    endToEnd.interval();
    long confirmedNow = confirmed.get() - confirmedBefore;
    long consumedNow = consumed.get() - consumedBefore;
    BenchResult result =
        new BenchResult(
            confirmedNow,
            consumedNow,
            errors.get() - errorsBefore,
            confirmedNow / seconds(producedNanos),
            consumedNow / seconds(totalNanos),
            publishLatency.total(),
            endToEnd.total());
    result.print(out);
    if (errors.get() > 0) {
      out.println("  last error: " + lastError);
    }
    return result;
  }

  private static List<Thread> start(String name, int count, Runnable work) {
    List<Thread> threads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Thread thread = new Thread(work, "bench-" + name + "-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    return threads;
  }

  private static void join(List<Thread> threads) throws InterruptedException {
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private static double seconds(long nanos) {
    return Math.max(nanos, 1) / 1e9;
  }

  /** Prints one line per second with the rates of that second. */
  private final class Progress {
    private long lastConfirmed;
    private long lastConsumed;

    void print(long started) {
      long nowConfirmed = confirmed.get();
      long nowConsumed = consumed.get();
      out.printf(
          "[%4ds] published %7d/s  consumed %7d/s  errors %d | publish %s | end-to-end %s%n",
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
          nowConfirmed - lastConfirmed,
          nowConsumed - lastConsumed,
          errors.get(),
          LatencyRecorder.summary(publishLatency.interval()),
          LatencyRecorder.summary(endToEnd.interval()));
      lastConfirmed = nowConfirmed;
      lastConsumed = nowConsumed;
    }
  }
}
