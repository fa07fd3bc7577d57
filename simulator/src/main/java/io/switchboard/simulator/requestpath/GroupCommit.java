package io.switchboard.simulator.requestpath;

import java.util.ArrayList;
import java.util.List;

/**
 * The journal's group commit: a write that finds the journal idle starts a commit of {@code
 * commitNanos}; writes that come while one runs wait for the next, which takes them all.
 */
final class GroupCommit {
  private final Timeline timeline;
  private final long commitNanos;
  private List<Runnable> waiting = new ArrayList<>();
  private boolean committing;
  private long commits;

  GroupCommit(Timeline timeline, long commitNanos) {
    this.timeline = timeline;
    this.commitNanos = commitNanos;
  }

  /** Runs {@code done} once this write is committed. */
  void write(Runnable done) {
    if (commitNanos == 0) {
      done.run();
      return;
    }
    waiting.add(done);
    if (!committing) {
      commit();
    }
  }

  /** Returns how many commits ran. */
  long commits() {
    return commits;
  }

  private void commit() {
    List<Runnable> batch = waiting;
    waiting = new ArrayList<>();
    committing = true;
    commits++;
    timeline.at(
        timeline.now() + commitNanos,
        () -> {
          committing = false;
          batch.forEach(Runnable::run);
          if (!waiting.isEmpty()) {
            commit();
          }
        });
  }
}
