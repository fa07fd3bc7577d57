package io.switchboard.internal.journal;

import io.switchboard.message.CborSerializable;
import org.HdrHistogram.Recorder;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * One persistence id of {@link JournalBench}: persists each command as one event, records its
 * latency.
 */
final class BenchWriter extends EventSourcedBehavior<BenchWriter.Write, BenchWriter.Written, Long> {
  /** Persist {@code payload}; {@code intendedNanos} is when the load generator meant to send it. */
  record Write(String payload, long intendedNanos) {}

  record Written(String payload) implements CborSerializable {}

  private final Recorder latencyMicros;

  BenchWriter(String id, Recorder latencyMicros) {
    super(PersistenceId.ofUniqueId(id));
    this.latencyMicros = latencyMicros;
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  @Override
  public CommandHandler<Write, Written, Long> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Write.class,
            (state, write) ->
                Effect()
                    .persist(new Written(write.payload()))
                    .thenRun(
                        s ->
                            latencyMicros.recordValue(
                                (System.nanoTime() - write.intendedNanos()) / 1000)))
        .build();
  }

  @Override
  public EventHandler<Long, Written> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Written.class, (count, e) -> count + 1)
        .build();
  }
}
