package io.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.topic.TopicStats;
import io.switchboard.topic.TopicStats.ConsumerStats;
import io.switchboard.topic.TopicStats.PartitionStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsSummaryTest {

  private static PartitionStats partition(int number, ConsumerStats... consumers) {
    return new PartitionStats(number, 0, 0, List.of(), "node", 0, 0, List.of(consumers));
  }

  @Test
  void sumsEachConsumersCreditAndHoldingsAndAveragesTheServiceTimesMeasured() {
    TopicStats stats =
        StatsSummary.of(
            "t",
            List.of(
                partition(
                    0,
                    new ConsumerStats("g", "a", 8, 2, 100, 40, 10.0),
                    new ConsumerStats("g", "b", 8, 0, 0, 0, 0)),
                partition(1, new ConsumerStats("g", "a", 8, 1, 100, 10, 30.0)),
                partition(
                    2,
                    new ConsumerStats("g", "a", 8, 0, 100, 0, 0),
                    new ConsumerStats("h", "a", 4, 4, 0, 0, 5.0))));

    assertThat(stats.consumers())
        .containsExactly(
            new ConsumerStats(
                "g", "a", 24, 3, 300, 50, 20.0), // the partition that measured nothing is left out
            new ConsumerStats("g", "b", 8, 0, 0, 0, 0),
            new ConsumerStats("h", "a", 4, 4, 0, 0, 5.0));
  }
}
