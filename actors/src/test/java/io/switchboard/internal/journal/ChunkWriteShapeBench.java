package io.switchboard.internal.journal;

import com.sun.management.OperatingSystemMXBean;
import io.switchboard.TestNode;
import io.switchboard.message.CborSerializable;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not part of the suite (run it by name): the cost in the RocksDB journal of storing a batch of
 * reply chunks as {@code persistAll} of one event per chunk (what ReplyStream does) against one
 * event carrying all of them. Closed loop, 50 entities, batches of 8 chunks of 160 bytes. Prints.
 * {@code mvn -pl actors test -Dtest=ChunkWriteShapeBench -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ChunkWriteShapeBench {
  private static final int ENTITIES = 50;
  private static final int BATCH = 8;
  private static final int ROUNDS = 400;

  record Chunk(byte[] payload) implements CborSerializable {}

  record Chunks(List<byte[]> payloads) implements CborSerializable {}

  record Write(ActorRef<Done> replyTo) implements CborSerializable {}

  /** Persists BATCH chunks per Write, as BATCH events or as one. */
  static final class Writer extends EventSourcedBehavior<Write, Object, Integer> {
    private final boolean oneEvent;

    Writer(String id, boolean oneEvent) {
      super(PersistenceId.ofUniqueId(id));
      this.oneEvent = oneEvent;
    }

    static Behavior<Write> create(String id, boolean oneEvent) {
      return new Writer(id, oneEvent);
    }

    @Override
    public Integer emptyState() {
      return 0;
    }

    @Override
    public CommandHandler<Write, Object, Integer> commandHandler() {
      return newCommandHandlerBuilder()
          .forAnyState()
          .onCommand(
              Write.class,
              (state, write) -> {
                List<byte[]> payloads = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                  payloads.add(new byte[160]);
                }
                List<Object> events =
                    oneEvent
                        ? List.of(new Chunks(payloads))
                        : payloads.stream().<Object>map(Chunk::new).toList();
                return Effect().persist(events).thenReply(write.replyTo(), s -> Done.getInstance());
              })
          .build();
    }

    @Override
    public EventHandler<Integer, Object> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> state + 1);
    }
  }

  @Test
  void persistAllOfOneEventPerChunkAgainstOneEventCarryingTheBatch(@TempDir Path dir) {
    try (TestNode node = new TestNode(dir)) {
      for (String shape :
          List.of(
              "warm-up persistAll",
              "warm-up one event",
              "persistAll",
              "one event",
              "persistAll again",
              "one event again")) {
        run(node.system(), shape);
      }
    }
  }

  private static void run(ActorSystem<Void> system, String shape) {
    boolean oneEvent = shape.contains("one event");
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long writes = JournalCounts.writes(system);
    long events = JournalCounts.events(system);
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    List<CompletableFuture<Done>> loops = new ArrayList<>();
    for (int e = 0; e < ENTITIES; e++) {
      ActorRef<Write> writer =
          system.systemActorOf(
              Writer.create(shape + "-" + e, oneEvent),
              (shape + "-" + e).replace(' ', '-'),
              org.apache.pekko.actor.typed.Props.empty());
      loops.add(loop(system, writer, ROUNDS).toCompletableFuture());
    }
    CompletableFuture.allOf(loops.toArray(new CompletableFuture<?>[0])).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    long chunks = (long) ENTITIES * ROUNDS * BATCH;
    System.out.printf(
        "BENCH %s: %d chunks, %.2f s, %.0f chunks/s, JVM CPU %.1f us/chunk, %d writes, %d events%n",
        shape,
        chunks,
        seconds,
        chunks / seconds,
        (os.getProcessCpuTime() - cpu) / 1e3 / chunks,
        JournalCounts.writes(system) - writes,
        JournalCounts.events(system) - events);
  }

  private static CompletionStage<Done> loop(
      ActorSystem<Void> system, ActorRef<Write> writer, int left) {
    if (left == 0) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return AskPattern.<Write, Done>ask(
            writer, Write::new, Duration.ofSeconds(30), system.scheduler())
        .thenComposeAsync(done -> loop(system, writer, left - 1), system.executionContext());
  }
}
