package io.switchboard.simulator.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A swept key and its integer values: {@code workers.h100.count=2..16} or with a step, {@code
 * workers.h100.count=2..16:2}. The command line and the node's simulator both sweep one.
 */
public record SweepRange(String key, int from, int to, int step) {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.\"-]+");
  private static final Pattern RANGE =
      Pattern.compile("([A-Za-z0-9_.\"-]+)=(-?\\d+)\\.\\.(-?\\d+)(?::(\\d+))?");
  private static final int MAX_POINTS = 1000;

  /** Checks the range: a plain key, from <= to, step >= 1 and at most 1000 points. */
  public SweepRange {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "sweep key '" + key + "' must be a scenario key like" + " workers.h100.count");
    }
    if (to < from || step < 1 || ((long) to - from) / step >= MAX_POINTS) {
      throw new IllegalArgumentException(
          "sweep "
              + key
              + "="
              + from
              + ".."
              + to
              + ":"
              + step
              + ": need from <= to, step >= 1 and at most "
              + MAX_POINTS
              + " points");
    }
  }

  /** Returns the range written as {@code key=from..to[:step]}; fails saying the expected form. */
  public static SweepRange parse(String text) {
    Matcher m = RANGE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--sweep '"
              + text
              + "': expected key=from..to[:step],"
              + " like workers.h100.count=2..16");
    }
    int step = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
    return new SweepRange(
        m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), step);
  }

  /** Returns how many values the range has. */
  public int points() {
    return (to - from) / step + 1;
  }

  /** Returns the values from {@code from} to {@code to} by {@code step}. */
  public List<Integer> values() {
    List<Integer> values = new ArrayList<>();
    // counted in long: a range ending at Integer.MAX_VALUE must not wrap around
    for (long v = from; v <= to; v += step) {
      values.add((int) v);
    }
    return values;
  }

  /** Returns the override that sets the key to {@code value}, as {@code --set} takes it. */
  public String setting(int value) {
    return key + "=" + value;
  }
}
