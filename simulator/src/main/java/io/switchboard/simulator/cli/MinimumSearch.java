package io.switchboard.simulator.cli;

import io.switchboard.simulator.report.RunResult;
import io.switchboard.simulator.report.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the smallest integer value of a key that meets a latency target, by doubling until a run
 * passes and then bisecting. Every run uses the scenario's seed, so each probe is deterministic;
 * the search assumes more of the key never makes latency worse.
 */
final class MinimumSearch {
  private final Runner runner;
  private final StringBuilder log = new StringBuilder("value,passed,measured\n");

  MinimumSearch(Runner runner) {
    this.runner = runner;
  }

  /** Returns the minimum in {@code [1, max]} meeting {@code slo}, or empty when max fails. */
  Optional<Integer> find(String key, Slo slo, int max, Path dir) throws IOException {
    int failing = 0;
    int passing = -1;
    for (int probe = 1; passing < 0; probe = Math.min(max, probe * 2)) {
      if (passes(key, probe, slo)) {
        passing = probe;
      } else if (probe == max) {
        break;
      } else {
        failing = probe;
      }
    }
    while (passing > 0 && passing - failing > 1) {
      int middle = (failing + passing) >>> 1;
      if (passes(key, middle, slo)) {
        passing = middle;
      } else {
        failing = middle;
      }
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("find-min.csv"), log.toString(), StandardCharsets.UTF_8);
    if (passing < 0) {
      return Optional.empty();
    }
    RunResult best = runner.run(runner.scenario(key + "=" + passing), key + "=" + passing);
    runner.printTable(runner.source() + " with " + key + "=" + passing, best);
    runner.write(dir, best, runner.subject(key + "=" + passing));
    return Optional.of(passing);
  }

  private boolean passes(String key, int value, Slo slo) {
    String setting = key + "=" + value;
    RunResult result = runner.run(runner.scenario(setting), setting);
    Summary s = result.summary();
    boolean passed = slo.metBy(s);
    PrintWriter out = runner.out();
    out.printf(
        Locale.ROOT,
        "  %s  %s  %s%n",
        setting,
        slo.describe(s),
        passed ? "meets " + slo : "misses " + slo);
    out.flush();
    log.append(value).append(',').append(passed).append(',').append(slo.describe(s)).append('\n');
    return passed;
  }
}
