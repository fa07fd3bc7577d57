package io.switchboard.internal.partition;

import io.switchboard.balance.Balancing;
import io.switchboard.consumer.Receipt;
import io.switchboard.internal.protocol.PartitionProtocol;
import io.switchboard.internal.protocol.PartitionProtocol.Delivered;
import io.switchboard.internal.protocol.PartitionProtocol.SettleKind;
import io.switchboard.message.Message;
import io.switchboard.priority.PrioritySettings;
import io.switchboard.topic.GroupConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a partition's thread spends per message on its hot path: store a batch in the state, hand it
 * out to two consumers, take their acks and settle, with and without scheduling headers (priority,
 * tenant, cost). Per message; add {@code -prof gc} for bytes allocated per message
 * (docs/requests.md quotes them).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@OperationsPerInvocation(PartitionHotPathJmh.BATCH)
public class PartitionHotPathJmh {
  static final int BATCH = 1_000;
  private static final StateRules RULES =
      new StateRules(0, 60_000, Long.MAX_VALUE, 1_000, Long.MAX_VALUE);

  @Param({"false", "true"})
  public boolean schedulingHeaders;

  private ActorTestKit testKit;
  private List<Message> messages;
  private PartitionState state;
  private GroupDispatcher dispatcher;
  private int binding;
  private long seqNr = 2;
  private long first;

  @Setup
  public void setUp() {
    testKit = ActorTestKit.create();
    ActorRef<PartitionProtocol.ConsumerMessage> consumer =
        testKit.<PartitionProtocol.ConsumerMessage>createTestProbe().ref();
    messages = batch(schedulingHeaders);
    state = new PartitionState();
    state.apply(new PartitionEvent.GroupAdded("g", GroupConfig.DEFAULT), 1, RULES);
    binding = Receipt.binding("t", 1, "g");
    dispatcher =
        new GroupDispatcher(
            "g",
            binding,
            Balancing.LEAST_OUTSTANDING.newStrategy(1),
            5,
            60_000,
            PrioritySettings.DEFAULTS);
    dispatcher.start(1);
    dispatcher.subscribe("a", consumer, BATCH, 1.0, 0, 0);
    dispatcher.subscribe("b", consumer, BATCH, 1.0, 0, 0);
  }

  @TearDown
  public void tearDown() {
    testKit.shutdownTestKit();
  }

  @Benchmark
  public int storeDispatchSettle() {
    state.apply(new PartitionEvent.Enqueued(first, messages, 0), seqNr++, RULES);
    dispatcher.enqueue(state.groups().get("g").pending(), first, first + BATCH, state);
    List<Receipt> receipts = new ArrayList<>(BATCH);
    for (List<Delivered> sent : dispatcher.dispatch(state, 0, 0).values()) {
      sent.forEach(d -> receipts.add(new Receipt(0, d.offset(), d.attempt(), 1, binding)));
    }
    GroupDispatcher.Outcome outcome = dispatcher.settle(receipts, SettleKind.ACK, 0, 0, 0);
    state.apply(
        new PartitionEvent.Settled(
            "g", outcome.settled().stream().mapToLong(Long::longValue).toArray(), false),
        seqNr++,
        RULES);
    first += BATCH;
    return outcome.settled().size();
  }

  private static List<Message> batch(boolean headers) {
    List<Message> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      var builder = Message.builder("t").text("m" + i);
      if (headers) {
        builder
            .header("switchboard-priority", i % 4 == 0 ? "interactive" : "batch")
            .header("switchboard-tenant", "tenant-" + (i % 3))
            .header("switchboard-cost", Integer.toString(100 + i));
      }
      batch.add(builder.build());
    }
    return batch;
  }
}
