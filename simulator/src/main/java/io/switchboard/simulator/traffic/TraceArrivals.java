package io.switchboard.simulator.traffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Arrivals read line by line from a CSV trace of {@code timestamp_seconds,size} (a header line and
 * blank or {@code #} lines are skipped), so a trace of any length replays in flat memory.
 */
final class TraceArrivals implements ArrivalProcess {
  private final Path file;
  private final double speed;
  private BufferedReader reader;
  private int lineNumber;
  private int lastSize = -1;
  private double firstTimestamp = Double.NaN;

  TraceArrivals(Path file, double speed) {
    this.file = file;
    this.speed = speed;
  }

  @Override
  public long next(long now) {
    try {
      if (reader == null) {
        reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
      }
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        line = line.trim();
        if (line.isEmpty() || line.startsWith("#") || Character.isLetter(line.charAt(0))) {
          continue;
        }
        return parse(line, now);
      }
      reader.close();
      return Long.MAX_VALUE;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + file, e);
    }
  }

  private long parse(String line, long now) {
    int comma = line.indexOf(',');
    try {
      double timestamp = Double.parseDouble(comma < 0 ? line : line.substring(0, comma).trim());
      lastSize = comma < 0 ? -1 : (int) Double.parseDouble(line.substring(comma + 1).trim());
      if (Double.isNaN(firstTimestamp)) {
        firstTimestamp = timestamp;
      }
      // traces may hold absolute epoch seconds: replay relative to the first line
      long t = (long) ((timestamp - firstTimestamp) * 1e9 / speed);
      return Math.max(t, now);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          file + ":" + lineNumber + ": expected 'timestamp_seconds,size', got '" + line + "'");
    }
  }

  @Override
  public int lastSize() {
    return lastSize;
  }
}
