package io.switchboard.internal.partition;

import io.switchboard.internal.group.ConsumerGroupBalancer;
import io.switchboard.internal.protocol.PartitionProtocol.Command;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.slf4j.Logger;

/**
 * What the partition core needs from its actor: messages to itself, death watch, asks whose answers
 * come back as commands, the group balancers and a log. Called only on the partition's thread; a
 * test implements it with probes and feeds the commands back by hand.
 */
interface PartitionContext {
  /** Sends a command to this partition (handled after those already in its mailbox). */
  void tellSelf(Command command);

  /** Sends a command to this partition after {@code delay}. */
  void tellSelfAfter(Duration delay, Command command);

  /** Sends {@code onTerminated} to this partition when {@code actor} stops. */
  void watch(ActorRef<?> actor, Command onTerminated);

  /**
   * Asks {@code target}; the answer (or the failure, the other argument null) comes back as a
   * command.
   */
  <Q, A> void ask(
      Class<A> answerType,
      RecipientRef<Q> target,
      Duration timeout,
      Function<ActorRef<A>, Q> request,
      BiFunction<A, Throwable, Command> toCommand);

  /** Returns the balancer of one group of this partition's topic. */
  RecipientRef<ConsumerGroupBalancer.Command> groupBalancer(PartitionId id, String group);

  /**
   * Reads events of this partition's journal back; each comes as a {@link PageReader.Replayed}
   * command, then a {@link PageReader.ReplayDone}. Only a partition with a journal pages.
   */
  void readJournal(PageIndex.Range range);

  /** Returns the address of the node this partition runs on, as the cluster names it. */
  String node();

  Logger log();
}
