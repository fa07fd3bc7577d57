package io.switchboard.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryJsonTest {

  @Test
  void rendersFieldsInOrderWithShortNumbersAndEscapes() {
    LatencySummary l = new LatencySummary(3, 0.004, 0.0035, 0.015, 0.023, 0.05);
    Summary summary =
        new Summary(
            "round-robin",
            7,
            60,
            3,
            3,
            0,
            0.05,
            0.05,
            l,
            l,
            l,
            1.25,
            0.005,
            0,
            0,
            0,
            0,
            List.of(new TypeSummary("chat.turn", l, l)),
            List.of(new WorkerSummary("w\"0", "k", "n", 3, 0.5)));

    String json = SummaryJson.render(summary);

    assertThat(json).startsWith("{\n  \"balancing\": \"round-robin\",\n  \"seed\": 7,");
    assertThat(json)
        .contains(
            "\"mean\": 0.004,",
            "\"meanInSystem\": 1.25,",
            "\"windowSeconds\": 60,",
            "\"type\": \"chat.turn\"",
            "\"id\": \"w\\\"0\"",
            "\"utilization\": 0.5");
    assertThat(json).endsWith("]\n}\n");
  }
}
