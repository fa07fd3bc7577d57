package io.switchboard.internal.partition;

import io.switchboard.internal.group.ConsumerGroupBalancer;
import io.switchboard.internal.protocol.PartitionProtocol.Command;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;

/** The partition's actor as the core sees it. */
final class ActorPartitionContext implements PartitionContext {
  private final ActorContext<Command> context;
  private final JournalAccess journal;

  /** The context of a partition without a journal (transient). */
  ActorPartitionContext(ActorContext<Command> context) {
    this(context, null);
  }

  ActorPartitionContext(ActorContext<Command> context, JournalAccess journal) {
    this.context = context;
    this.journal = journal;
  }

  @Override
  public void tellSelf(Command command) {
    context.getSelf().tell(command);
  }

  @Override
  public void tellSelfAfter(Duration delay, Command command) {
    context.scheduleOnce(delay, context.getSelf(), command);
  }

  @Override
  public void watch(ActorRef<?> actor, Command onTerminated) {
    context.watchWith(actor, onTerminated);
  }

  @Override
  public <Q, A> void ask(
      Class<A> answerType,
      RecipientRef<Q> target,
      Duration timeout,
      Function<ActorRef<A>, Q> request,
      BiFunction<A, Throwable, Command> toCommand) {
    context.ask(answerType, target, timeout, request::apply, toCommand::apply);
  }

  @Override
  public RecipientRef<ConsumerGroupBalancer.Command> groupBalancer(PartitionId id, String group) {
    return ClusterSharding.get(context.getSystem())
        .entityRefFor(
            ConsumerGroupBalancer.ENTITY_TYPE_KEY,
            ConsumerGroupBalancer.entityId(id.topic(), id.incarnation(), group));
  }

  @Override
  public String node() {
    // the system's address is its cluster member's (the same text as /v1/cluster/members)
    return context.getSystem().address().toString();
  }

  @Override
  public void readJournal(PageIndex.Range range) {
    if (journal == null) {
      throw new IllegalStateException("a transient partition has no journal to read");
    }
    journal.read(range);
  }

  @Override
  public Logger log() {
    return context.getLog();
  }
}
