package io.switchboard.partition;

import io.switchboard.balance.Balancing;
import io.switchboard.consumer.Receipt;
import io.switchboard.message.Message;
import io.switchboard.partition.PartitionProtocol.Delivered;
import io.switchboard.partition.PartitionProtocol.SettleKind;
import io.switchboard.priority.PrioritySettings;
import io.switchboard.topic.GroupConfig;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What scheduling costs a partition's thread per message: bytes allocated (a count, steady on a
 * busy machine) and nanoseconds (not steady) to store, hand out, ack and settle a message, with
 * and without scheduling headers. A plain {@code main}, printing, never asserting:
 *
 * <pre>
 * java -cp ... io.switchboard.partition.SchedulingCostBenchmark [messages=2000000]
 * </pre>
 */
public final class SchedulingCostBenchmark {
  private static final int BATCH = 1_000;
  private static final StateRules RULES = new StateRules(0, 60_000, Long.MAX_VALUE, 1_000, Long.MAX_VALUE);

  public static void main(String[] args) {
    int total = args.length > 0 ? Integer.parseInt(args[0].replace("messages=", "")) : 2_000_000;
    ActorTestKit testKit = ActorTestKit.create();
    try {
      ActorRef<PartitionProtocol.ConsumerMessage> consumer =
          testKit.<PartitionProtocol.ConsumerMessage>createTestProbe().ref();
      for (String kind : List.of("plain", "headers", "plain", "headers")) { // the first two warm up
        run(kind, total, consumer);
      }
    } finally {
      testKit.shutdownTestKit();
    }
  }

  private static List<Message> batch(boolean headers) {
    List<Message> messages = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      var builder = Message.builder("t").text("m" + i);
      if (headers) {
        builder.header("switchboard-priority", i % 4 == 0 ? "interactive" : "batch")
            .header("switchboard-tenant", "tenant-" + (i % 3)).header("switchboard-cost", Integer.toString(100 + i));
      }
      messages.add(builder.build());
    }
    return messages;
  }

  private static void run(String kind, int total, ActorRef<PartitionProtocol.ConsumerMessage> consumer) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<Message> messages = batch(kind.equals("headers"));
    PartitionState state = new PartitionState();
    state.apply(new PartitionEvent.GroupAdded("g", GroupConfig.DEFAULT), 1, RULES);
    int binding = Receipt.binding("t", 1, "g");
    GroupDispatcher dispatcher = new GroupDispatcher("g", binding, Balancing.LEAST_OUTSTANDING.newStrategy(1), 5,
        60_000, PrioritySettings.DEFAULTS);
    dispatcher.start(1);
    dispatcher.subscribe("a", consumer, BATCH, 1.0, 0, 0);
    dispatcher.subscribe("b", consumer, BATCH, 1.0, 0, 0);
    long seqNr = 2;
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    for (long first = 0; first < total; first += BATCH) {
      state.apply(new PartitionEvent.Enqueued(first, messages, 0), seqNr++, RULES);
      dispatcher.enqueue(state.groups().get("g").pending(), first, first + BATCH, state);
      List<Receipt> receipts = new ArrayList<>(BATCH);
      for (List<Delivered> sent : dispatcher.dispatch(state, 0, 0).values()) {
        sent.forEach(d -> receipts.add(new Receipt(0, d.offset(), d.attempt(), 1, binding)));
      }
      GroupDispatcher.Outcome outcome = dispatcher.settle(receipts, SettleKind.ACK, 0, 0, 0);
      state.apply(new PartitionEvent.Settled("g", outcome.settled().stream().mapToLong(Long::longValue).toArray(),
          false), seqNr++, RULES);
    }
    long nanos = System.nanoTime() - start;
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    System.out.printf("%-8s %,d messages: %,.0f bytes allocated and %,.0f ns per message (stored, handed out,"
        + " acked, settled); %d left queued%n", kind, total, (double) allocated / total, (double) nanos / total,
        dispatcher.backlog());
  }
}
