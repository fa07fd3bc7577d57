package io.switchboard.simulator.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A swept key and its integer values: {@code workers.h100.count=2..16} or with a step,
 * {@code workers.h100.count=2..16:2}.
 */
record SweepRange(String key, int from, int to, int step) {
  private static final Pattern RANGE =
      Pattern.compile("([A-Za-z0-9_.\"-]+)=(-?\\d+)\\.\\.(-?\\d+)(?::(\\d+))?");
  private static final int MAX_POINTS = 1000;

  static SweepRange parse(String text) {
    Matcher m = RANGE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("--sweep '" + text + "': expected key=from..to[:step],"
          + " like workers.h100.count=2..16");
    }
    int from = Integer.parseInt(m.group(2));
    int to = Integer.parseInt(m.group(3));
    int step = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
    if (to < from || step < 1 || (to - from) / step >= MAX_POINTS) {
      throw new IllegalArgumentException("--sweep '" + text + "': need from <= to, step >= 1"
          + " and at most " + MAX_POINTS + " points");
    }
    return new SweepRange(m.group(1), from, to, step);
  }

  List<Integer> values() {
    List<Integer> values = new ArrayList<>();
    for (int v = from; v <= to; v += step) {
      values.add(v);
    }
    return values;
  }
}
