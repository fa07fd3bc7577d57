package io.switchboard.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final StringWriter text = new StringWriter();
  private final AtomicLong wall = new AtomicLong();
  private final ProgressBar bar = new ProgressBar(new PrintWriter(text), wall::get, "run");

  @Test
  void staysQuietDuringTheFirstSecond() {
    wall.set(900_000_000L);
    bar.progress(50, 100, 1000);
    bar.progress(100, 100, 2000);

    assertThat(text.toString()).isEmpty();
  }

  @Test
  void drawsThenClearsForLongRuns() {
    wall.set(2_000_000_000L);
    bar.progress(50_000_000_000L, 100_000_000_000L, 4_000_000);

    assertThat(text.toString()).contains("run [", "50%", "t=50s", "2,000,000 msg/s");

    bar.progress(100_000_000_000L, 100_000_000_000L, 8_000_000);
    assertThat(text.toString()).endsWith("\r");
  }
}
