package io.switchboard.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.message.Message;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class SnapshotScheduleTest {
  private static final PartitionEvent ACK = new PartitionEvent.Settled("g", new long[] {1}, false);

  @Test
  void aSmallStateSnapshotsEverySoManyEvents() {
    SnapshotSchedule schedule = new SnapshotSchedule(3, 4);
    for (int round = 0; round < 3; round++) {
      schedule.applied(ACK);
      assertThat(schedule.due(0)).isFalse();
      schedule.applied(ACK);
      assertThat(schedule.due(0)).isFalse();
      schedule.applied(ACK);
      assertThat(schedule.due(0)).as("round %d", round).isTrue();
    }
  }

  @Test
  void aLargeSnapshotWaitsUntilTheRecordsSinceItPayForIt() {
    SnapshotSchedule schedule = new SnapshotSchedule(3, 4);
    apply(schedule, ACK, 3);
    assertThat(schedule.due(4_000)).isTrue(); // the first: nothing was written before

    apply(schedule, ACK, 999); // 999 * 4 < 4,000
    assertThat(schedule.due(4_000)).isFalse();
    apply(schedule, ACK, 1);
    assertThat(schedule.due(8_000)).isTrue();

    apply(schedule, enqueued(1_997), 1); // records count messages, not events
    apply(schedule, ACK, 2);
    assertThat(schedule.due(8_000)).isFalse(); // 3 events, 1,999 records: 7,996 entries paid
    apply(schedule, ACK, 1);
    assertThat(schedule.due(8_000)).isTrue();
  }

  @Test
  void aRecoveredPartitionWaitsForTheSnapshotItReadToBePaidFor() {
    SnapshotSchedule schedule = new SnapshotSchedule(1, 1);
    schedule.recoveredFrom(100);
    apply(schedule, ACK, 99);
    assertThat(schedule.due(100)).isFalse();
    apply(schedule, ACK, 1);
    assertThat(schedule.due(100)).isTrue();
  }

  private static void apply(SnapshotSchedule schedule, PartitionEvent event, int times) {
    for (int i = 0; i < times; i++) {
      schedule.applied(event);
    }
  }

  private static PartitionEvent enqueued(int messages) {
    Message message = Message.builder("t").text("m").build();
    return new PartitionEvent.Enqueued(0, Collections.nCopies(messages, message), 0);
  }
}
