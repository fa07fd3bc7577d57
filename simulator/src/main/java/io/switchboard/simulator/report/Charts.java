package io.switchboard.simulator.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the PNG charts of runs with XChart: latency CDFs, queue depth, utilization, sweeps. */
public final class Charts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 520;

  /** Percentiles sampled for a CDF: dense near the tail, where strategies differ. */
  private static final double[] PERCENTILES = cdfPercentiles();

  private Charts() {}

  /** Returns a chart title naming what was run: the scenario and its set or swept values. */
  public static String titled(String chart, String subject) {
    return subject == null || subject.isBlank() ? chart : chart + " \u2014 " + subject;
  }

  /** Writes the end-to-end latency CDF of each named run into one chart. */
  public static void latencyCdf(String subject, Map<String, Histogram> runs, Path file)
      throws IOException {
    XYChart chart =
        xy(titled("End-to-end latency CDF", subject), "latency (s, log scale)", "percentile");
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
    for (Map.Entry<String, Histogram> run : runs.entrySet()) {
      Histogram h = run.getValue();
      if (h.getTotalCount() == 0) {
        continue;
      }
      double[] x = new double[PERCENTILES.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = h.getValueAtPercentile(PERCENTILES[i]) / 1e6;
      }
      chart.addSeries(run.getKey(), x, PERCENTILES).setMarker(SeriesMarkers.NONE);
    }
    save(chart, file);
  }

  /**
   * Writes the share of messages slower than each latency, both axes logarithmic: the tail that a
   * CDF squeezes into its top pixels (p99 is at 1e-2, p99.9 at 1e-3).
   */
  public static void latencyTail(String subject, Map<String, Histogram> runs, Path file)
      throws IOException {
    XYChart chart =
        xy(
            titled("Latency tail", subject),
            "latency (s, log scale)",
            "share of messages slower (log scale)");
    chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
    for (Map.Entry<String, Histogram> run : runs.entrySet()) {
      Histogram h = run.getValue();
      if (h.getTotalCount() == 0) {
        continue;
      }
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (double percentile : PERCENTILES) {
        double slower = 1 - percentile / 100;
        // a point per percentile needs at least one message beyond it to mean anything
        if (slower * h.getTotalCount() >= 1) {
          x.add(h.getValueAtPercentile(percentile) / 1e6);
          y.add(slower);
        }
      }
      if (!x.isEmpty()) {
        chart.addSeries(run.getKey(), x, y).setMarker(SeriesMarkers.NONE);
      }
    }
    save(chart, file);
  }

  /** Writes the time-averaged partition backlog over time of each named run. */
  public static void queueDepth(String subject, Map<String, List<SeriesRow>> runs, Path file)
      throws IOException {
    XYChart chart =
        xy(titled("Queue depth over time", subject), "virtual time (s)", "messages in backlog");
    for (Map.Entry<String, List<SeriesRow>> run : runs.entrySet()) {
      List<SeriesRow> rows = run.getValue();
      if (rows.isEmpty()) {
        continue;
      }
      double[] t = rows.stream().mapToDouble(SeriesRow::time).toArray();
      double[] depth = rows.stream().mapToDouble(SeriesRow::queueDepth).toArray();
      chart.addSeries(run.getKey(), t, depth).setMarker(SeriesMarkers.NONE);
    }
    save(chart, file);
  }

  /** Writes the utilization of each worker as a bar chart. */
  public static void utilization(String subject, List<WorkerSummary> workers, Path file)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(titled("Utilization per worker", subject))
            .xAxisTitle("worker")
            .yAxisTitle("busy slots (%)")
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
    chart.getStyler().setXAxisLabelRotation(workers.size() > 12 ? 90 : 0);
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (WorkerSummary w : workers) {
      names.add(w.id());
      values.add(100 * w.utilization());
    }
    chart.addSeries("utilization", names, values);
    save(chart, file);
  }

  /** Writes a statistic against a swept parameter, one series per statistic. */
  public static void sweep(
      String subject, String parameter, double[] values, Map<String, double[]> series, Path file)
      throws IOException {
    XYChart chart =
        xy(titled("Latency against " + parameter, subject), parameter, "latency (s, log scale)");
    // an overloaded point is orders of magnitude above the rest: only a log axis shows both
    chart.getStyler().setYAxisLogarithmic(true);
    for (Map.Entry<String, double[]> s : series.entrySet()) {
      chart.addSeries(s.getKey(), values, s.getValue());
    }
    save(chart, file);
  }

  private static XYChart xy(String title, String xTitle, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendVisible(true);
    return chart;
  }

  private static void save(Chart<?, ?> chart, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }

  private static double[] cdfPercentiles() {
    List<Double> points = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      points.add((double) i);
    }
    for (double tail = 90; tail < 99.99; tail += (100 - tail) / 10) {
      points.add(tail);
    }
    points.add(99.99);
    points.add(100.0);
    return points.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
