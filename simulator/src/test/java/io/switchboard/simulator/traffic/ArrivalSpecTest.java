package io.switchboard.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrivalSpecTest {
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path dir;

  @Test
  void poissonKeepsItsRateAndExponentialGaps() {
    ArrivalProcess process = new ArrivalSpec.Poisson(1000).newProcess(new SplittableRandom(1));
    long now = 0;
    int n = 200_000;
    double sumSquares = 0;
    for (int i = 0; i < n; i++) {
      long next = process.next(now);
      double gap = (next - now) / 1e9;
      sumSquares += gap * gap;
      now = next;
    }
    double mean = now / 1e9 / n;
    assertThat(mean).isCloseTo(0.001, withPercentage(1));
    // exponential: E[gap^2] = 2 mean^2
    assertThat(sumSquares / n).isCloseTo(2e-6, withPercentage(3));
  }

  @Test
  void constantArrivalsAreEvenlySpaced() {
    ArrivalProcess process = new ArrivalSpec.Constant(4).newProcess(new SplittableRandom(1));

    assertThat(process.next(0)).isEqualTo(SECOND / 4);
    assertThat(process.next(SECOND / 4)).isEqualTo(SECOND / 2);
  }

  @Test
  void onOffSendsOnlyDuringOnPhases() {
    ArrivalSpec spec = new ArrivalSpec.OnOff(100, 0, 2 * SECOND, 8 * SECOND);
    ArrivalProcess process = spec.newProcess(new SplittableRandom(2));
    long now = 0;
    int count = 0;
    while ((now = process.next(now)) < 1000 * SECOND) {
      assertThat(now % (10 * SECOND)).isLessThan(2 * SECOND);
      count++;
    }
    assertThat(count / 1000.0).isCloseTo(spec.meanRate(), withPercentage(3));
  }

  @Test
  void dailyCurvePeaksAtItsPeak() {
    long period = 100 * SECOND;
    ArrivalProcess process =
        new ArrivalSpec.Daily(100, 0.8, period, 25 * SECOND).newProcess(new SplittableRandom(3));
    int nearPeak = 0;
    int nearTrough = 0;
    int total = 0;
    long now = 0;
    while ((now = process.next(now)) < 100 * period) {
      long phase = now % period;
      nearPeak += phase >= 20 * SECOND && phase < 30 * SECOND ? 1 : 0;
      nearTrough += phase >= 70 * SECOND && phase < 80 * SECOND ? 1 : 0;
      total++;
    }
    assertThat(total / (100.0 * period / SECOND)).isCloseTo(100, withPercentage(2));
    // rate 1.8x the mean near the peak, 0.2x near the trough
    assertThat((double) nearPeak / nearTrough).isGreaterThan(6);
  }

  @Test
  void traceReplaysTimestampsRelativeToTheFirstLineWithSizes() throws IOException {
    Path file = dir.resolve("trace.csv");
    Files.writeString(file, "timestamp,size\n1000.0,120\n# pause\n1000.5,30\n\n1002.0,7\n");
    ArrivalProcess process = new ArrivalSpec.Trace(file, 2).newProcess(new SplittableRandom(1));

    assertThat(process.next(0)).isZero();
    assertThat(process.lastSize()).isEqualTo(120);
    assertThat(process.next(0)).isEqualTo(SECOND / 4);
    assertThat(process.lastSize()).isEqualTo(30);
    assertThat(process.next(SECOND / 4)).isEqualTo(SECOND);
    assertThat(process.next(SECOND)).isEqualTo(Long.MAX_VALUE);
  }
}
