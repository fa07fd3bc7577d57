package io.switchboard.runtime.lease;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The leases one node holds and until when it may trust each: the time it sent the last successful
 * acquire or renewal plus the time to live. Time is passed in (nanoseconds of a monotonic clock).
 * Thread-safe.
 */
final class HeldLeases {
  /** A lease held: its name, its owner in the table, when it stops being trusted, who to tell. */
  record Held(String name, String owner, long deadline, Consumer<Optional<Throwable>> onLost) {}

  private final Map<String, Held> held = new HashMap<>();

  synchronized void hold(Held lease) {
    held.put(lease.name(), lease);
  }

  /** Returns whether {@code name} is held and its deadline is still ahead at {@code now}. */
  synchronized boolean holds(String name, long now) {
    Held lease = held.get(name);
    return lease != null && now - lease.deadline() < 0;
  }

  /**
   * Returns the owner of {@code name} if it is held and its deadline is still ahead at {@code now}.
   */
  synchronized Optional<String> owner(String name, long now) {
    Held lease = held.get(name);
    return lease != null && now - lease.deadline() < 0
        ? Optional.of(lease.owner())
        : Optional.empty();
  }

  /** Forgets {@code name}; returns the lease if it was held. */
  synchronized Optional<Held> forget(String name) {
    return Optional.ofNullable(held.remove(name));
  }

  synchronized List<Held> all() {
    return List.copyOf(held.values());
  }

  /** Removes and returns the leases whose deadline has passed at {@code now}. */
  synchronized List<Held> expired(long now) {
    List<Held> lost = new ArrayList<>();
    for (Held lease : List.copyOf(held.values())) {
      if (now - lease.deadline() >= 0) {
        lost.add(held.remove(lease.name()));
      }
    }
    return lost;
  }

  /**
   * Applies a renewal of {@code sent}, sent at {@code sentAt}: the names in {@code renewed} are
   * trusted until {@code sentAt + ttl}; the others are removed and returned (somebody else holds
   * them, or they expired in the table). A lease released or re-acquired meanwhile is left alone.
   */
  synchronized List<Held> renewed(List<Held> sent, Set<String> renewed, long sentAt, long ttl) {
    List<Held> lost = new ArrayList<>();
    for (Held lease : sent) {
      Held current = held.get(lease.name());
      if (current != lease) {
        continue;
      }
      if (renewed.contains(lease.name())) {
        held.put(lease.name(), new Held(lease.name(), lease.owner(), sentAt + ttl, lease.onLost()));
      } else {
        lost.add(held.remove(lease.name()));
      }
    }
    return lost;
  }
}
