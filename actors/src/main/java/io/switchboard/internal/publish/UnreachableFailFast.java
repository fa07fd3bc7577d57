package io.switchboard.internal.publish;

import io.switchboard.SwitchboardException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Ends a publish early with {@link SwitchboardException.Unreachable} when it has waited {@code
 * after} while a cluster member is unreachable, or within {@code window} of a member leaving the Up
 * state or the cluster: its partition may live (or have lived) there, and a message sent to a dead
 * node, or forwarded there by a shard region that has not yet heard of its removal, is never
 * answered, so the caller would wait out {@code switchboard.ask-timeout}. The answer is retryable:
 * once the node is downed its partitions start elsewhere.
 */
public final class UnreachableFailFast {
  /** The cluster as the check sees it. */
  public interface Members {
    /** Notes changes since the last call; called with every publish, so it must be cheap. */
    void observe();

    /** Returns whether a member is unreachable now or one left recently. */
    boolean inTrouble();
  }

  private final ActorSystem<?> system;
  private final ExecutionContextExecutor executor;
  private final Duration after;
  private final Duration retryAfter;
  private final Members members;

  /** {@code after} zero turns it off: every publish waits for its answer or the ask timeout. */
  public UnreachableFailFast(
      ActorSystem<?> system, Duration after, Duration retryAfter, Members members) {
    this.system = system;
    this.executor = system.executionContext();
    this.after = after;
    this.retryAfter = retryAfter;
    this.members = members;
  }

  /**
   * Watches this system's cluster, timed by the {@code switchboard} block's {@code
   * publish-fail-fast}; a member that left counts for {@code ask-timeout}.
   */
  public static UnreachableFailFast of(
      ActorSystem<?> system, io.switchboard.SwitchboardSettings settings) {
    return new UnreachableFailFast(
        system,
        settings.failFast().after(),
        settings.failFast().retryAfter(),
        new ClusterMembers(Cluster.get(system), settings.askTimeout().toNanos(), System::nanoTime));
  }

  /**
   * Returns {@code answer}, or an earlier failure if the cluster is in trouble at one of the
   * checks.
   */
  public <T> CompletionStage<T> guard(CompletionStage<T> answer) {
    if (after.isZero()) {
      return answer;
    }
    members.observe();
    CompletableFuture<T> guarded = new CompletableFuture<>();
    Cancellable firstCheck = check(guarded);
    // forwarded on the answering thread: the caller's next stage makes the one hop off it; the
    // check is cancelled so that a publish answered in time costs no timer task a second later
    answer.whenCompleteAsync(
        (value, failure) -> {
          firstCheck.cancel();
          if (failure != null) {
            guarded.completeExceptionally(failure);
          } else {
            guarded.complete(value);
          }
        },
        Runnable::run);
    return guarded;
  }

  private Cancellable check(CompletableFuture<?> guarded) {
    // checks again every `after`: a member may become unreachable while the answer is awaited;
    // the ask's own timeout ends the loop
    return system
        .scheduler()
        .scheduleOnce(
            after,
            () -> {
              if (guarded.isDone()) {
                return;
              }
              members.observe();
              if (members.inTrouble()) {
                guarded.completeExceptionally(
                    new SwitchboardException.Unreachable(
                        "no answer within "
                            + after
                            + " while a cluster member is unreachable or has just left (switchboard.publish-fail-fast.after);"
                            + " the publish may have been stored: retry with the same idempotencyKey",
                        retryAfter));
              } else {
                check(guarded);
              }
            },
            executor);
  }

  /**
   * Reads Pekko's cluster state, an immutable snapshot replaced on every cluster event: comparing
   * references tells a change at no cost, and only a change is looked into.
   */
  private static final class ClusterMembers implements Members {
    private final Cluster cluster;
    private final long window;
    private final LongSupplier clock;
    private volatile CurrentClusterState seen;
    private volatile long leftAt;
    private volatile boolean anyLeft;

    ClusterMembers(Cluster cluster, long window, LongSupplier clock) {
      this.cluster = cluster;
      this.window = window;
      this.clock = clock;
      this.seen = cluster.state();
    }

    @Override
    public void observe() {
      CurrentClusterState before = seen;
      CurrentClusterState now = cluster.state();
      if (now != before) {
        seen = now;
        if (leftUp(before, now)) {
          leftAt = clock.getAsLong();
          anyLeft = true;
        }
      }
    }

    @Override
    public boolean inTrouble() {
      return !seen.getUnreachable().isEmpty() || anyLeft && clock.getAsLong() - leftAt < window;
    }

    private static boolean leftUp(CurrentClusterState before, CurrentClusterState now) {
      Set<UniqueAddress> up = new HashSet<>();
      now.getMembers()
          .forEach(
              member -> {
                if (member.status() == MemberStatus.up()) {
                  up.add(member.uniqueAddress());
                }
              });
      for (Member member : before.getMembers()) {
        if (member.status() == MemberStatus.up() && !up.contains(member.uniqueAddress())) {
          return true;
        }
      }
      return false;
    }
  }
}
