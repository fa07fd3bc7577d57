package io.switchboard.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A partition's state holds a window of bodies, not its backlog, and snapshots without them. */
class PartitionStateTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(ConfigFactory.parseString("pekko.actor.provider = local"));
  static final long BUDGET = 256 << 10;
  static final StateRules RULES = new StateRules(0, 60_000, BUDGET, 1_000, BUDGET / 8);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /**
   * Fills a state with {@code count} messages of {@code size} bytes, 1,000 per event, one group.
   */
  private static PartitionState backlog(int count, int size) {
    PartitionState state = new PartitionState();
    long seqNr = 1;
    state.apply(new PartitionEvent.GroupAdded("g", GroupConfig.DEFAULT), seqNr++, RULES);
    for (int first = 0; first < count; first += 1_000) {
      List<Message> messages = new ArrayList<>();
      for (int i = first; i < Math.min(count, first + 1_000); i++) {
        messages.add(Message.builder("t").payload(new byte[size]).build());
      }
      state.apply(new PartitionEvent.Enqueued(first, messages, 1_000), seqNr++, RULES);
    }
    return state;
  }

  @Test
  void holdsOnlyTheBodiesOfItsBudgetAndKnowsTheRestAreInTheJournal() {
    PartitionState state = backlog(100_000, 1_024);

    assertThat(state.storedCount()).isEqualTo(100_000);
    assertThat(state.window().bytes()).isLessThanOrEqualTo(BUDGET);
    assertThat(state.window().count()).isPositive();
    assertThat(state.message(0)).isNotNull();
    assertThat(state.pagedOut(99_999)).isTrue();
    assertThat(state.message(99_999)).isNull();
    assertThat(state.oldestNeededSeqNr()).isEqualTo(2); // the first Enqueued
    assertThat(state.index().size()).isLessThanOrEqualTo(100_000 / 1_000 * 2);
  }

  @Test
  void aSnapshotOfALargeBacklogIsSmallAndComesBackWithoutBodies() throws Exception {
    PartitionState state = backlog(100_000, 1_024);
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));

    byte[] snapshot = serialization.serialize(state.copy()).get();
    // 100 MiB of messages; the snapshot holds offsets as runs and one index entry per event.
    assertThat(snapshot.length).isLessThan(100_000 * 1_024 / 1_000);

    PartitionState back = serialization.deserialize(snapshot, PartitionState.class).get();
    assertThat(back.storedCount()).isEqualTo(100_000);
    assertThat(back.groups().get("g").pending().size()).isEqualTo(100_000);
    assertThat(back.window().count()).isZero();
    assertThat(back.pagedOut(0)).isTrue();
    assertThat(back.oldestNeededSeqNr()).isEqualTo(2);
  }

  @Test
  void keepsEachMessagesClassInItsSnapshotUntilTheMessageIsSettled() throws Exception {
    PartitionState state = new PartitionState();
    state.apply(new PartitionEvent.GroupAdded("g", GroupConfig.DEFAULT), 1, RULES);
    state.apply(
        new PartitionEvent.Enqueued(
            0,
            List.of(
                Message.builder("t").text("plain").build(),
                Message.builder("t")
                    .text("urgent")
                    .header("switchboard-priority", "interactive")
                    .header("switchboard-tenant", "acme")
                    .header("switchboard-cost", "700")
                    .build(),
                Message.builder("t").text("cheap").header("switchboard-cost", "0").build()),
            1_000),
        2,
        RULES);
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));

    PartitionState back =
        serialization
            .deserialize(serialization.serialize(state.copy()).get(), PartitionState.class)
            .get();

    assertThat(back.classOf(0)).isNull();
    assertThat(back.classOf(1)).isEqualTo(new MessageClass("interactive", "acme", 700));
    assertThat(back.classOf(2)).isEqualTo(new MessageClass(null, "default", 0));
    back.apply(new PartitionEvent.Settled("g", new long[] {1}, false), 3, RULES);
    assertThat(back.classOf(1)).as("a settled message's class is dropped with it").isNull();
    assertThat(back.classes()).containsOnlyKeys(2L);
  }

  @Test
  void readsASnapshotWrittenWhenItHeldTheBodiesAndKeepsThemInMemory() throws Exception {
    // The shape of a snapshot before bodies moved to the journal: a message table, pending as
    // offsets.
    Message first = Message.builder("t").text("first").build();
    Message second = Message.builder("t").text("second").build();
    Map<String, Object> old =
        Map.of(
            "nextOffset",
            2,
            "epoch",
            1,
            "stored",
            Map.of("0", first, "1", second),
            "groups",
            Map.of(
                "g",
                Map.of(
                    "config", GroupConfig.DEFAULT, "pending", List.of(1), "deliveredThrough", 0)),
            "idempotency",
            Map.of());
    byte[] bytes =
        JacksonObjectMapperProvider.get(Adapter.toClassic(testKit.system()))
            .getOrCreate("jackson-cbor", Optional.empty())
            .writeValueAsBytes(old);
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));

    PartitionState back = serialization.deserialize(bytes, PartitionState.class).get();
    assertThat(back.storedCount()).isEqualTo(2);
    assertThat(back.groups().get("g").pending()).containsExactly(1L);
    assertThat(back.message(1)).isEqualTo(second);
    assertThat(back.pagedOut(1)).isFalse();
    // A message written after the upgrade is in the journal only: its event must outlive snapshots.
    back.apply(
        new PartitionEvent.Enqueued(2, List.of(Message.builder("t").text("third").build()), 1_000),
        10,
        RULES);
    assertThat(back.oldestNeededSeqNr()).isEqualTo(10);
  }

  @Test
  void keepsIdempotencyKeysThroughASnapshotAndReadsTheStringKeysOfOlderSnapshots()
      throws Exception {
    PartitionState state = new PartitionState();
    List<Message> keyed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keyed.add(Message.builder("t").text("m" + i).idempotencyKey("order-" + i).build());
    }
    state.apply(new PartitionEvent.Enqueued(0, keyed, 1_000), 1, RULES);
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    byte[] bytes = serialization.serialize(state.copy()).get();
    PartitionState back = serialization.deserialize(bytes, PartitionState.class).get();
    assertThat(back.rememberedOffset("order-2")).isEqualTo(2);
    assertThat(back.rememberedOffset("order-0", 1_000, 60_000)).isZero();
    assertThat(back.rememberedOffset("order-3")).isEqualTo(-1);

    // Before keys were fingerprints a snapshot held them as strings with offset and time.
    Map<String, Object> old =
        Map.of(
            "nextOffset",
            5,
            "epoch",
            1,
            "idempotency",
            Map.of("order-7", Map.of("offset", 4, "atMillis", 2_000)));
    byte[] oldBytes =
        JacksonObjectMapperProvider.get(Adapter.toClassic(testKit.system()))
            .getOrCreate("jackson-cbor", Optional.empty())
            .writeValueAsBytes(old);
    PartitionState upgraded = serialization.deserialize(oldBytes, PartitionState.class).get();
    assertThat(upgraded.rememberedOffset("order-7", 3_000, 60_000)).isEqualTo(4);
    assertThat(upgraded.rememberedOffset("order-7", 70_000, 60_000))
        .as("outside the window")
        .isEqualTo(-1);
  }
}
