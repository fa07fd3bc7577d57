package io.switchboard.internal.partition;

import io.switchboard.internal.partition.ConsumerSlots.Slot;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One group's deliveries on one partition that wait for their ack: which consumer holds each, its
 * attempt and the deadline of its lease. A held delivery takes credit and tokens from its consumer
 * until it is released.
 */
final class Leases {

  /** A delivery in flight; a detached one ({@code slot} null) holds no consumer's credit. */
  record InFlight(
      Slot slot, int attempt, long deadlineMillis, long sentNanos, MessageClass messageClass) {}

  /** Receives a lease taken back from its consumer. */
  interface Expired {
    void taken(long offset, InFlight held);
  }

  private final long leaseMillis;
  private final Map<Long, InFlight> inFlight = new HashMap<>();

  Leases(long leaseMillis) {
    this.leaseMillis = leaseMillis;
  }

  /** Hands {@code offset} to {@code slot} until a lease from {@code nowMillis} ends. */
  void hold(
      long offset,
      Slot slot,
      int attempt,
      long nowMillis,
      long nowNanos,
      MessageClass messageClass) {
    slot.outstanding++;
    slot.outstandingTokens += MessageClass.costOf(messageClass);
    inFlight.put(
        offset,
        new InFlight(
            slot, attempt, Deadlines.after(nowMillis, leaseMillis), nowNanos, messageClass));
  }

  /** Returns the delivery of {@code offset} in flight, or null. */
  InFlight get(long offset) {
    return inFlight.get(offset);
  }

  /** Starts a new lease from {@code nowMillis} for a delivery in flight. */
  void renew(long offset, InFlight held, long nowMillis) {
    inFlight.put(
        offset,
        new InFlight(
            held.slot(),
            held.attempt(),
            Deadlines.after(nowMillis, leaseMillis),
            held.sentNanos(),
            held.messageClass()));
  }

  /** Gives the consumer's credit back but keeps the lease running (a detached delivery). */
  void detach(long offset, InFlight held) {
    release(held);
    inFlight.put(
        offset,
        new InFlight(
            null, held.attempt(), held.deadlineMillis(), held.sentNanos(), held.messageClass()));
  }

  /** Ends the lease of {@code offset} and gives its credit back; returns it, or null. */
  InFlight remove(long offset) {
    InFlight held = inFlight.remove(offset);
    if (held != null) {
      release(held);
    }
    return held;
  }

  /** Takes back every delivery {@code slot} holds (a consumer that left or went silent). */
  void removeHeldBy(Slot slot, Expired each) {
    takeBack(held -> held.slot() == slot, each);
  }

  /** Takes back every delivery whose lease ended by {@code nowMillis}. */
  void expire(long nowMillis, Expired each) {
    takeBack(held -> held.deadlineMillis() <= nowMillis, each);
  }

  private void takeBack(Predicate<InFlight> which, Expired each) {
    inFlight
        .entrySet()
        .removeIf(
            entry -> {
              InFlight held = entry.getValue();
              if (!which.test(held)) {
                return false;
              }
              release(held);
              each.taken(entry.getKey(), held);
              return true;
            });
  }

  boolean holds(long offset) {
    return inFlight.containsKey(offset);
  }

  int size() {
    return inFlight.size();
  }

  /** Gives the delivery's credit and tokens back to its consumer (detached ones hold none). */
  static void release(InFlight held) {
    if (held.slot() != null) {
      held.slot().outstanding--;
      held.slot().outstandingTokens -= MessageClass.costOf(held.messageClass());
    }
  }
}
