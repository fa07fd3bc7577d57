package io.switchboard.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.simulator.report.LatencySummary;
import io.switchboard.simulator.report.Summary;
import io.switchboard.simulator.report.TypeSummary;
import io.switchboard.simulator.scenario.TestScenarios;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The tenant-flood scenario (PrioritySchedulingTest's flood, predicted): with tenant headers the
 * partition's own scheduling order lets the trickle take turns with the burst; without, it waits
 * behind the whole burst.
 */
class TenantFloodTest {

  private static LatencySummary wait(Summary summary, String type) {
    return summary.types().stream()
        .filter(t -> t.type().equals(type))
        .findFirst()
        .map(TypeSummary::queueWait)
        .orElseThrow();
  }

  private static String describe(String name, Summary summary) {
    LatencySummary quiet = wait(summary, "quiet");
    LatencySummary flood = wait(summary, "flood");
    return String.format(
        Locale.ROOT,
        "%s: quiet queue wait p50 %.0f ms p99 %.0f ms, flood p50 %.0f ms p99 %.0f ms"
            + " (%d messages)",
        name,
        quiet.p50() * 1e3,
        quiet.p99() * 1e3,
        flood.p50() * 1e3,
        flood.p99() * 1e3,
        summary.completed());
  }

  @Test
  void aTrickleTakesTurnsWithAFloodOnlyWhenTheyAreDifferentTenants() {
    Summary fair = TestScenarios.run(TestScenarios.bundled("tenant-flood")).summary();
    Summary oneQueue =
        TestScenarios.run(
                TestScenarios.bundled(
                    "tenant-flood", "streams.flood.tenant=null", "streams.quiet.tenant=null"))
            .summary();
    System.out.println(describe("tenant fair share", fair));
    System.out.println(describe("one queue (no tenant headers)", oneQueue));

    // a quiet message waits for the worker's credit (4) and the one flood message of its turn
    assertThat(wait(fair, "quiet").p99()).isLessThan(0.1);
    assertThat(wait(fair, "flood").p50()).isGreaterThan(1.0);
    assertThat(wait(oneQueue, "quiet").p50()).isGreaterThan(1.0);
    assertThat(fair.completed()).isEqualTo(oneQueue.completed());
  }
}
