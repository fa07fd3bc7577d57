package io.switchboard.internal.partition;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.switchboard.internal.deadletter.DeadLetter;
import io.switchboard.message.CborSerializable;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a partition recovers from its journal: which offsets are stored, each group's unsettled
 * offsets, the recent idempotency keys and where the messages are in the journal. Also its
 * snapshot, which holds no message bodies: those stay in the journal, and only a window of them
 * ({@link BodyWindow}, within {@link StateRules#memoryBudget()}) is held in memory.
 *
 * <p>Mutable on purpose: a group commit of a thousand messages must not copy the log. Only {@link
 * #apply} and {@link #pagedIn} change it, and only the partition's thread calls them.
 */
@JsonAutoDetect(
    fieldVisibility = Visibility.ANY,
    getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
final class PartitionState implements CborSerializable, MessageBodies {

  private long nextOffset;

  /** The epoch of the partition's latest start; receipts carry it. */
  private int epoch;

  /** Offsets of the messages held: unsettled by some group, or retained. */
  @JsonProperty("storedOffsets")
  private OffsetSet stored = new OffsetSet();

  private TreeMap<String, GroupLog> groups = new TreeMap<>();
  private IdempotencyWindow recentKeys = new IdempotencyWindow();
  private PageIndex index = new PageIndex();

  /**
   * The class (band, tenant, cost) of each stored message that carries scheduling headers; the
   * others are of the default class. In the snapshot, so that recovery schedules what the
   * snapshot's events no longer say; sparse, so that nothing is paid when nobody uses priorities.
   */
  private HashMap<Long, MessageClass> classes = new HashMap<>();

  /**
   * In a snapshot: the sequence number of the last event it covers (0 in snapshots older than this
   * field), so a partition that recovers from it knows which snapshot is its previous one.
   */
  private long snapshotSeqNr;

  /** The sequence number of the last event applied. */
  private transient long appliedSeqNr;

  /** Not in the snapshot: after recovery the window is empty and filled from the journal. */
  private transient BodyWindow window = new BodyWindow();

  /**
   * Reads the bodies of a snapshot written before they moved to the journal: the events that
   * carried them may be deleted, so they stay in memory until settled (bounded by the backlog limit
   * of that version).
   */
  @JsonProperty("stored")
  private void readLegacyStored(TreeMap<Long, Message> bodies) {
    bodies.keySet().forEach(stored::add);
    window.holdAll(bodies);
  }

  /** An idempotency key and the offset its first copy got, in snapshots before fingerprints. */
  record Remembered(long offset, long atMillis) {}

  /** Reads the keys of a snapshot written before they were held as fingerprints. */
  @JsonProperty("idempotency")
  private void readLegacyKeys(LinkedHashMap<String, Remembered> keys) {
    keys.forEach((key, seen) -> recentKeys.put(key, seen.offset(), seen.atMillis()));
  }

  /**
   * Returns a deep copy without bodies (for snapshots, which are serialized off the partition's
   * thread).
   */
  PartitionState copy() {
    PartitionState copy = new PartitionState();
    copy.nextOffset = nextOffset;
    copy.epoch = epoch;
    copy.snapshotSeqNr = appliedSeqNr;
    copy.stored = stored.copy();
    groups.forEach((name, log) -> copy.groups.put(name, log.copy()));
    copy.recentKeys = recentKeys.copy();
    copy.index = index.copy();
    copy.classes = new HashMap<>(classes);
    return copy;
  }

  long nextOffset() {
    return nextOffset;
  }

  int epoch() {
    return epoch;
  }

  @Override
  public Message message(long offset) {
    return window.get(offset);
  }

  @Override
  public boolean pagedOut(long offset) {
    return offset >= window.pagedFrom() && stored.contains(offset);
  }

  /** Returns the class of a stored message, or null for the default class. */
  @Override
  public MessageClass classOf(long offset) {
    return classes.isEmpty() ? null : classes.get(offset);
  }

  /** Returns the classes of the stored messages that have one (read only). */
  Map<Long, MessageClass> classes() {
    return java.util.Collections.unmodifiableMap(classes);
  }

  /** Returns the sequence number of the last event a snapshot covers (0: not known). */
  long snapshotSeqNr() {
    return snapshotSeqNr;
  }

  /** Returns how many entries a snapshot of this state holds one by one (keys and classes). */
  long snapshotEntries() {
    return (long) recentKeys.size() + classes.size();
  }

  long storedCount() {
    return stored.size();
  }

  OffsetSet stored() {
    return stored;
  }

  BodyWindow window() {
    return window;
  }

  PageIndex index() {
    return index;
  }

  Map<String, GroupLog> groups() {
    return groups;
  }

  /**
   * Returns the sequence number of the oldest event that still holds a stored message (max: none).
   */
  long oldestNeededSeqNr() {
    return index.seqNrOf(stored.first());
  }

  /** Returns the lowest offset at or above {@code from} some group waits for, or -1. */
  long nextNeeded(long from) {
    long lowest = -1;
    for (GroupLog group : groups.values()) {
      long next = group.pending().next(from);
      if (next >= 0 && (lowest < 0 || next < lowest)) {
        lowest = next;
      }
    }
    return lowest;
  }

  /** Returns whether some unsettled message's body is in the journal only. */
  boolean hasPagedOut() {
    return nextNeeded(window.pagedFrom()) >= 0;
  }

  /** Returns the offset of an earlier message with this idempotency key, or -1. */
  long rememberedOffset(String idempotencyKey, long nowMillis, long windowMillis) {
    return recentKeys.offsetOf(idempotencyKey, Deadlines.before(nowMillis, windowMillis));
  }

  /** Returns the offset remembered for an idempotency key, or -1. */
  long rememberedOffset(String idempotencyKey) {
    return recentKeys.offsetOf(idempotencyKey);
  }

  /** Applies one journal event, the {@code seqNr}-th of the partition's journal. */
  void apply(PartitionEvent event, long seqNr, StateRules rules) {
    appliedSeqNr = seqNr;
    if (event instanceof PartitionEvent.Enqueued e) {
      enqueue(e, seqNr, rules);
    } else if (event instanceof PartitionEvent.Settled e) {
      settle(e, rules);
    } else if (event instanceof PartitionEvent.GroupAdded e) {
      addGroup(e, rules);
    } else if (event instanceof PartitionEvent.GroupRemoved e) {
      GroupLog removed = groups.remove(e.group());
      if (removed != null) {
        removed.pending().forEach(offset -> dropIfDone(offset, rules));
      }
    } else if (event instanceof PartitionEvent.Trimmed e) {
      trim(e.beforeMillis());
    } else if (event instanceof PartitionEvent.Started e) {
      epoch = e.epoch();
    } else if (event instanceof PartitionEvent.DeliveredThrough e) {
      GroupLog group = groups.get(e.group());
      if (group != null) {
        group.deliveredThrough(e.offset());
      }
    } else if (event instanceof PartitionEvent.Removed e) {
      for (long offset : e.offsets()) {
        forget(offset);
        groups.values().forEach(group -> group.pending().remove(offset));
      }
    }
    index.dropBelow(stored.first());
  }

  private void enqueue(PartitionEvent.Enqueued e, long seqNr, StateRules rules) {
    long offset = e.firstOffset();
    long payload = 0;
    for (Message message : e.messages()) {
      String only = message.headers().get(DeadLetter.REPLAY_GROUP);
      boolean anyGroup = false;
      for (Map.Entry<String, GroupLog> group : groups.entrySet()) {
        if (only == null || only.equals(group.getKey())) {
          group.getValue().pending().add(offset);
          anyGroup = true;
        }
      }
      if (anyGroup || rules.retentionMillis() > 0) {
        stored.add(offset);
        MessageClass messageClass = MessageClass.of(message);
        if (messageClass != null) {
          classes.put(offset, messageClass);
        }
      }
      if (anyGroup || (!rules.paged() && rules.retentionMillis() > 0)) {
        keepBody(offset, message, rules);
      }
      if (message.idempotencyKey() != null) {
        recentKeys.put(message.idempotencyKey(), offset, e.atMillis());
      }
      payload += message.payloadSize();
      offset++;
    }
    index.stored(e.firstOffset(), seqNr, e.atMillis(), payload, rules);
    nextOffset = Math.max(nextOffset, offset);
    recentKeys.forgetBefore(Deadlines.before(e.atMillis(), rules.windowMillis()));
  }

  /** Holds a new message's body when nothing before it is paged out and it fits the budget. */
  private void keepBody(long offset, Message message, StateRules rules) {
    if (!rules.paged() || nextNeeded(window.pagedFrom()) == offset) {
      window.skipTo(offset);
    }
    window.offer(offset, message, rules.memoryBudget());
  }

  /**
   * Takes the bodies of an {@code Enqueued} event read back from the journal; returns false once
   * the window is full or nothing more is needed.
   */
  boolean pagedIn(PartitionEvent.Enqueued e, long budget) {
    long offset = e.firstOffset();
    for (Message message : e.messages()) {
      if (offset >= window.pagedFrom()) {
        long needed = nextNeeded(window.pagedFrom());
        if (needed < 0) {
          window.skipTo(nextOffset);
          return false;
        }
        window.skipTo(needed);
        if (needed == offset && !window.offer(offset, message, budget)) {
          return false;
        }
      }
      offset++;
    }
    return true;
  }

  private void settle(PartitionEvent.Settled e, StateRules rules) {
    GroupLog group = groups.get(e.group());
    if (group == null) {
      return;
    }
    for (long offset : e.offsets()) {
      if (group.pending().remove(offset)) {
        dropIfDone(offset, rules);
      }
    }
  }

  private void addGroup(PartitionEvent.GroupAdded e, StateRules rules) {
    if (groups.containsKey(e.group())) {
      return;
    }
    GroupLog group = new GroupLog(e.config());
    if (e.config().startFrom() == GroupConfig.StartFrom.EARLIEST) {
      group.pendAll(stored);
      if (rules.paged()) {
        window.pageOutFrom(
            Math.max(0, stored.first())); // retained bodies are not held: read them again
      }
    }
    groups.put(e.group(), group);
  }

  private boolean needed(long offset) {
    for (GroupLog group : groups.values()) {
      if (group.pending().contains(offset)) {
        return true;
      }
    }
    return false;
  }

  private void dropIfDone(long offset, StateRules rules) {
    if (needed(offset)) {
      return;
    }
    if (rules.retentionMillis() == 0) {
      forget(offset);
    } else if (rules.paged()) {
      window.remove(
          offset); // a retained body is read back when browsed: it must not pin the window
    }
  }

  /** Returns whether a settled message stored before {@code beforeMillis} is held. */
  boolean hasTrimmable(long beforeMillis) {
    long limit = index.storedBefore(beforeMillis, nextOffset);
    for (long o = stored.first(); o >= 0 && o < limit; o = stored.next(o + 1)) {
      if (!needed(o)) {
        return true;
      }
    }
    return false;
  }

  private void trim(long beforeMillis) {
    long limit = index.storedBefore(beforeMillis, nextOffset);
    for (long o = stored.first(); o >= 0 && o < limit; o = stored.next(o + 1)) {
      if (!needed(o)) {
        forget(o);
      }
    }
  }

  /** Drops a stored message: its offset, body and class. */
  private void forget(long offset) {
    stored.remove(offset);
    window.remove(offset);
    if (!classes.isEmpty()) {
      classes.remove(offset);
    }
  }

  /** Returns the offsets of up to {@code limit} stored messages, oldest first. */
  List<Long> storedOffsets(int limit) {
    List<Long> offsets = new ArrayList<>();
    for (long o = stored.first(); o >= 0 && offsets.size() < limit; o = stored.next(o + 1)) {
      offsets.add(o);
    }
    return offsets;
  }
}
