package io.switchboard.simulator.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Streaming statistics of one run: histograms for quantiles, exact double sums for means, counters,
 * and one time-series row per interval. Memory does not grow with run length.
 */
public final class RunRecorder {
  private static final int SIGNIFICANT_DIGITS = 3;

  private final Histogram latency = new Histogram(SIGNIFICANT_DIGITS);
  private final Histogram wait = new Histogram(SIGNIFICANT_DIGITS);
  private final Histogram service = new Histogram(SIGNIFICANT_DIGITS);
  private final Histogram intervalLatency = new Histogram(SIGNIFICANT_DIGITS);
  private final List<SeriesRow> rows = new ArrayList<>();
  private final List<String> typeNames;
  private final Histogram[] typeLatency;
  private final double[] typeLatencySum;
  private final Histogram[] typeWait;
  private final double[] typeWaitSum;
  private final long[] typeCount;
  private double latencySum;
  private double waitSum;
  private double serviceSum;
  private double sojournSum;
  private long messages;
  private long completed;
  private long unfinished;
  private long completionsInWindow;
  private long redeliveries;
  private long duplicates;
  private long deadLetters;
  private long intervalArrivals;
  private long intervalCompletions;
  private long intervalRedeliveries;
  private long intervalDeadLetters;
  private double lastSample;

  /** Creates an empty recorder for messages of the given types (indexed like the list). */
  public RunRecorder(List<String> typeNames) {
    this.typeNames = List.copyOf(typeNames);
    typeLatency = new Histogram[typeNames.size()];
    typeLatencySum = new double[typeNames.size()];
    typeCount = new long[typeNames.size()];
    typeWait = new Histogram[typeNames.size()];
    typeWaitSum = new double[typeNames.size()];
    for (int t = 0; t < typeLatency.length; t++) {
      typeLatency[t] = new Histogram(SIGNIFICANT_DIGITS);
      typeLatency[t].setAutoResize(true);
      typeWait[t] = new Histogram(SIGNIFICANT_DIGITS);
      typeWait[t].setAutoResize(true);
    }
    latency.setAutoResize(true);
    wait.setAutoResize(true);
    service.setAutoResize(true);
    intervalLatency.setAutoResize(true);
  }

  /** Counts a message created; {@code measured} when created inside the window. */
  public void arrived(boolean measured) {
    intervalArrivals++;
    if (measured) {
      messages++;
    }
  }

  /** Records a message's first completion; all times in nanoseconds. */
  public void completed(
      long latencyNanos,
      long waitNanos,
      long serviceNanos,
      long sojournNanos,
      int type,
      boolean measured,
      boolean inWindow) {
    if (waitNanos < 0 || serviceNanos < 0 || latencyNanos < waitNanos + serviceNanos) {
      // cheap to check, and a broken engine invariant must not hide in averages
      throw new IllegalStateException(
          "inconsistent times: latency "
              + latencyNanos
              + " wait "
              + waitNanos
              + " service "
              + serviceNanos);
    }
    intervalCompletions++;
    intervalLatency.recordValue(micros(latencyNanos));
    if (inWindow) {
      completionsInWindow++;
    }
    if (!measured) {
      return;
    }
    completed++;
    latency.recordValue(micros(latencyNanos));
    wait.recordValue(micros(waitNanos));
    service.recordValue(micros(serviceNanos));
    latencySum += latencyNanos;
    typeLatency[type].recordValue(micros(latencyNanos));
    typeLatencySum[type] += latencyNanos;
    typeCount[type]++;
    typeWait[type].recordValue(micros(waitNanos));
    typeWaitSum[type] += waitNanos;
    waitSum += waitNanos;
    serviceSum += serviceNanos;
    sojournSum += sojournNanos;
  }

  /** Counts a measured message still unfinished at the end, with its age so far. */
  public void unfinished(long ageNanos) {
    unfinished++;
    latency.recordValue(micros(ageNanos));
  }

  /** Counts a redelivery. */
  public void redelivered() {
    redeliveries++;
    intervalRedeliveries++;
  }

  /** Counts a completion of an already completed message. */
  public void duplicate() {
    duplicates++;
  }

  /** Counts a message sent to dead letters. */
  public void deadLettered() {
    deadLetters++;
    intervalDeadLetters++;
  }

  /** Closes the interval ending at {@code seconds} and starts the next. */
  public void sample(double seconds, double queueDepth, long inFlight, double utilization) {
    double length = seconds - lastSample;
    boolean any = intervalLatency.getTotalCount() > 0;
    rows.add(
        new SeriesRow(
            seconds,
            length > 0 ? intervalArrivals / length : 0,
            length > 0 ? intervalCompletions / length : 0,
            any ? intervalLatency.getValueAtPercentile(50) / 1e6 : 0,
            any ? intervalLatency.getValueAtPercentile(99) / 1e6 : 0,
            queueDepth,
            inFlight,
            utilization,
            intervalRedeliveries,
            intervalDeadLetters));
    intervalLatency.reset();
    intervalArrivals = 0;
    intervalCompletions = 0;
    intervalRedeliveries = 0;
    intervalDeadLetters = 0;
    lastSample = seconds;
  }

  /** Returns the summary; the run supplies what only it knows. */
  public Summary summarize(
      String balancing,
      long seed,
      double windowSeconds,
      double meanInSystem,
      double prefixHitRate,
      List<WorkerSummary> workers) {
    long finished = completed;
    return new Summary(
        balancing,
        seed,
        windowSeconds,
        messages,
        finished,
        unfinished,
        messages / windowSeconds,
        completionsInWindow / windowSeconds,
        LatencySummary.of(latency, latencySum, finished),
        LatencySummary.of(wait, waitSum, finished),
        LatencySummary.of(service, serviceSum, finished),
        meanInSystem,
        finished == 0 ? 0 : sojournSum / finished / 1e9,
        redeliveries,
        duplicates,
        deadLetters,
        prefixHitRate,
        types(),
        workers);
  }

  private List<TypeSummary> types() {
    List<TypeSummary> types = new ArrayList<>();
    for (int t = 0; t < typeLatency.length; t++) {
      types.add(
          new TypeSummary(
              typeNames.get(t),
              LatencySummary.of(typeLatency[t], typeLatencySum[t], typeCount[t]),
              LatencySummary.of(typeWait[t], typeWaitSum[t], typeCount[t])));
    }
    return types;
  }

  /** Returns the rows recorded so far. */
  public List<SeriesRow> rows() {
    return rows;
  }

  /** Returns the latency histogram of measured messages, in microseconds. */
  public Histogram latencyMicros() {
    return latency;
  }

  private static long micros(long nanos) {
    return Math.max(1, (nanos + 500) / 1000);
  }
}
