package io.switchboard.runtime.bench;

import java.io.PrintStream;
import org.HdrHistogram.Histogram;

/** The outcome of a run: counts, throughputs and the two latency distributions. */
public record BenchResult(
    long confirmed,
    long consumed,
    long errors,
    double publishRate,
    double consumeRate,
    Histogram publishLatency,
    Histogram endToEndLatency) {

  /** Prints the summary block. */
  public void print(PrintStream out) {
    out.println("---- bench summary ----");
    out.printf("  confirmed  %d messages, %.1f msg/s%n", confirmed, publishRate);
    out.printf("  consumed   %d messages, %.1f msg/s%n", consumed, consumeRate);
    out.printf("  errors     %d%n", errors);
    out.println("  publish -> confirm   " + LatencyRecorder.summary(publishLatency));
    out.println("  publish -> delivery  " + LatencyRecorder.summary(endToEndLatency));
  }
}
