package io.switchboard.internal.partition;

import io.switchboard.internal.group.ConsumerGroupBalancer;
import io.switchboard.internal.protocol.PartitionProtocol.Command;
import io.switchboard.internal.topic.TopicEntry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link PartitionCore} on the test's thread the way {@link TransientPartition} does: each
 * command's events are applied, then its after-write runs, then what the core sent itself is
 * handled, in order. Asks go out to probes and are answered by the test.
 */
final class CoreDriver implements PartitionContext {
  /** An ask the core made; the test answers it with {@link #answer}. */
  record Asked(Object request, BiFunction<Object, Throwable, Command> toCommand) {}

  final ManualClock clock;
  final PartitionCore core;
  final PartitionState state = new PartitionState();
  final TestProbe<Command> deadLetters;
  final TestProbe<ConsumerGroupBalancer.Command> balancer;
  final List<Asked> asks = new ArrayList<>();
  final Map<ActorRef<?>, Command> watched = new HashMap<>();
  private final Deque<Command> mailbox = new ArrayDeque<>();

  /** Commands the core sent itself for later, by the clock's millis at which they are due. */
  private final List<Map.Entry<Long, Command>> timers = new ArrayList<>();

  /** Writes that carried events (what the journal would have been asked to write). */
  int writes;

  private final ActorTestKit testKit;
  private final StateRules rules;

  /**
   * The events written, the n-th at index n-1: the driver's journal, read back when the core pages
   * in.
   */
  final List<PartitionEvent> journal = new ArrayList<>();

  CoreDriver(
      ActorTestKit testKit, TopicEntry topic, PartitionSettings settings, ManualClock clock) {
    this.testKit = testKit;
    this.clock = clock;
    this.deadLetters = testKit.createTestProbe();
    this.balancer = testKit.createTestProbe();
    this.rules =
        settings.journaledRules(
            topic.config().retention().toMillis(), topic.config().idempotencyWindow().toMillis());
    PartitionId id = new PartitionId(topic.config().name(), topic.incarnation(), 0);
    this.core = new PartitionCore(id, topic, settings, this, name -> deadLetters.ref(), clock);
    write(new PartitionEvent.Started(1));
    core.recovered(state);
    drain();
  }

  /** Handles {@code command} and everything it leads the core to send itself. */
  void send(Command command) {
    mailbox.add(command);
    drain();
  }

  /** Moves the clock, then lets the partition's timer fire once. */
  void tickAfter(long millis) {
    advance(millis);
    send(PartitionCore.Tick.INSTANCE);
  }

  /** Moves the clock and handles what the core scheduled for itself until then. */
  void advance(long millis) {
    clock.advance(millis);
    List<Map.Entry<Long, Command>> due =
        timers.stream().filter(t -> t.getKey() <= clock.millis()).toList();
    timers.removeAll(due);
    due.forEach(timer -> send(timer.getValue()));
  }

  /** Answers the oldest open ask whose request is a {@code requestType} with {@code answer}. */
  void answer(Class<?> requestType, Object answer) {
    Asked asked =
        asks.stream().filter(a -> requestType.isInstance(a.request())).findFirst().orElseThrow();
    asks.remove(asked);
    send(asked.toCommand().apply(answer, null));
  }

  GroupDispatcher group(String name) {
    return core.dispatchers().get(name);
  }

  private void drain() {
    while (!mailbox.isEmpty()) {
      Write write = core.handle(state, mailbox.poll());
      if (!write.events().isEmpty()) {
        writes++;
      }
      write.events().forEach(this::write);
      write.afterWrite().run();
    }
  }

  private void write(PartitionEvent event) {
    journal.add(event);
    state.apply(event, journal.size(), rules);
  }

  @Override
  public void readJournal(PageIndex.Range range) {
    long to = Math.min(range.toSeqNr(), journal.size());
    for (long seqNr = range.fromSeqNr(); seqNr <= to; seqNr++) {
      mailbox.add(new PageReader.Replayed(seqNr, journal.get((int) seqNr - 1)));
    }
    mailbox.add(new PageReader.ReplayDone(null));
  }

  @Override
  public void tellSelf(Command command) {
    mailbox.add(command);
  }

  @Override
  public void tellSelfAfter(Duration delay, Command command) {
    timers.add(Map.entry(clock.millis() + delay.toMillis(), command));
  }

  @Override
  public void watch(ActorRef<?> actor, Command onTerminated) {
    watched.put(actor, onTerminated);
  }

  @Override
  public <Q, A> void ask(
      Class<A> answerType,
      RecipientRef<Q> target,
      Duration timeout,
      Function<ActorRef<A>, Q> request,
      BiFunction<A, Throwable, Command> toCommand) {
    Q sent = request.apply(testKit.<A>createTestProbe().ref());
    asks.add(
        new Asked(sent, (answer, failure) -> toCommand.apply(answerType.cast(answer), failure)));
    target.tell(sent);
  }

  @Override
  public RecipientRef<ConsumerGroupBalancer.Command> groupBalancer(PartitionId id, String group) {
    return balancer.ref();
  }

  @Override
  public String node() {
    return "test-node";
  }

  @Override
  public Logger log() {
    return LoggerFactory.getLogger(CoreDriver.class);
  }
}
