package io.switchboard.internal;

import io.switchboard.SwitchboardException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Ends a publish early with {@link SwitchboardException.Unreachable} when it has waited {@code
 * after} while a cluster member is unreachable, or after a member that was up when it was sent
 * has gone: its partition may live (or have lived) there, and a message sent to a dead node is
 * never answered, so the caller would wait out {@code switchboard.ask-timeout}. The answer is
 * retryable: once the node is downed its partitions start elsewhere.
 */
public final class UnreachableFailFast {
  /** The cluster as the check sees it. */
  public interface Members {
    /** Returns a snapshot of the members now. */
    Object now();

    /** Returns whether a member is unreachable now, or one that was up in {@code then} is not now. */
    boolean troubleSince(Object then);
  }

  private final ActorSystem<?> system;
  private final ExecutionContextExecutor executor;
  private final Duration after;
  private final Duration retryAfter;
  private final Members members;

  /** {@code after} zero turns it off: every publish waits for its answer or the ask timeout. */
  public UnreachableFailFast(ActorSystem<?> system, Duration after, Duration retryAfter, Members members) {
    this.system = system;
    this.executor = system.executionContext();
    this.after = after;
    this.retryAfter = retryAfter;
    this.members = members;
  }

  /** Watches the members this system's cluster member sees. */
  public static UnreachableFailFast of(ActorSystem<?> system, Duration after, Duration retryAfter) {
    return new UnreachableFailFast(system, after, retryAfter, new ClusterMembers(Cluster.get(system)));
  }

  /** Returns {@code answer}, or an earlier failure if the cluster is in trouble at one of the checks. */
  public <T> CompletionStage<T> guard(CompletionStage<T> answer) {
    if (after.isZero()) {
      return answer;
    }
    Object sentAmong = members.now();
    CompletableFuture<T> guarded = new CompletableFuture<>();
    answer.whenCompleteAsync((value, failure) -> {
      if (failure != null) {
        guarded.completeExceptionally(failure);
      } else {
        guarded.complete(value);
      }
    }, executor);
    check(guarded, sentAmong);
    return guarded;
  }

  private void check(CompletableFuture<?> guarded, Object sentAmong) {
    // checks again every `after`: a member may become unreachable while the answer is awaited;
    // the ask's own timeout ends the loop
    system.scheduler().scheduleOnce(after, () -> {
      if (guarded.isDone()) {
        return;
      }
      if (members.troubleSince(sentAmong)) {
        guarded.completeExceptionally(new SwitchboardException.Unreachable("no answer within " + after
            + " while a cluster member is unreachable or gone (switchboard.publish-fail-fast.after); the"
            + " publish may have been stored: retry with the same idempotencyKey", retryAfter));
      } else {
        check(guarded, sentAmong);
      }
    }, executor);
  }

  /** Reads Pekko's cluster state: an immutable snapshot, so taking one per publish costs nothing. */
  private record ClusterMembers(Cluster cluster) implements Members {
    @Override
    public Object now() {
      return cluster.state();
    }

    @Override
    public boolean troubleSince(Object then) {
      CurrentClusterState now = cluster.state();
      if (!now.getUnreachable().isEmpty()) {
        return true;
      }
      Set<UniqueAddress> up = new HashSet<>();
      now.getMembers().forEach(member -> {
        if (member.status() == MemberStatus.up()) {
          up.add(member.uniqueAddress());
        }
      });
      for (Member member : ((CurrentClusterState) then).getMembers()) {
        if (member.status() == MemberStatus.up() && !up.contains(member.uniqueAddress())) {
          return true;
        }
      }
      return false;
    }
  }
}
