package io.switchboard.partition;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.switchboard.message.CborSerializable;
import io.switchboard.message.DeadLetter;
import io.switchboard.message.Message;
import io.switchboard.topic.GroupConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a partition recovers from its journal: stored messages, each group's unsettled offsets
 * and the recent idempotency keys. Also its snapshot.
 *
 * <p>Mutable on purpose: a group commit of a thousand messages must not copy the log. Only
 * {@link #apply} changes it, and only the partition's event handler calls that.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
final class PartitionState implements CborSerializable {

  private long nextOffset;
  /** The epoch of the partition's latest start; receipts carry it. */
  private int epoch;
  private TreeMap<Long, Message> stored = new TreeMap<>();
  private TreeMap<String, GroupLog> groups = new TreeMap<>();
  private LinkedHashMap<String, Remembered> idempotency = new LinkedHashMap<>();

  /** One group's unsettled offsets. */
  @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
      isGetterVisibility = Visibility.NONE)
  static final class GroupLog {
    private GroupConfig config;
    private TreeSet<Long> pending = new TreeSet<>();
    /** Every offset up to here was delivered at least once (-1: none yet). */
    private long deliveredThrough = -1;

    GroupLog() {}

    GroupLog(GroupConfig config) {
      this.config = config;
    }

    GroupConfig config() {
      return config;
    }

    TreeSet<Long> pending() {
      return pending;
    }

    long deliveredThrough() {
      return deliveredThrough;
    }
  }

  /** An idempotency key and the offset its first copy got. */
  record Remembered(long offset, long atMillis) {}

  /** Returns a deep copy (for snapshots, which are serialized off the partition's thread). */
  PartitionState copy() {
    PartitionState copy = new PartitionState();
    copy.nextOffset = nextOffset;
    copy.epoch = epoch;
    copy.stored = new TreeMap<>(stored);
    groups.forEach((name, log) -> {
      GroupLog logCopy = new GroupLog(log.config);
      logCopy.pending = new TreeSet<>(log.pending);
      logCopy.deliveredThrough = log.deliveredThrough;
      copy.groups.put(name, logCopy);
    });
    copy.idempotency = new LinkedHashMap<>(idempotency);
    return copy;
  }

  long nextOffset() {
    return nextOffset;
  }

  int epoch() {
    return epoch;
  }

  Message message(long offset) {
    return stored.get(offset);
  }

  NavigableMap<Long, Message> stored() {
    return stored;
  }

  int storedCount() {
    return stored.size();
  }

  Map<String, GroupLog> groups() {
    return groups;
  }

  /** Returns the offset of an earlier message with this idempotency key, or -1. */
  long rememberedOffset(String idempotencyKey, long nowMillis, long windowMillis) {
    Remembered seen = idempotency.get(idempotencyKey);
    return seen != null && seen.atMillis >= Deadlines.before(nowMillis, windowMillis) ? seen.offset : -1;
  }

  /** Returns the offset remembered for an idempotency key, or -1. */
  long rememberedOffset(String idempotencyKey) {
    Remembered seen = idempotency.get(idempotencyKey);
    return seen == null ? -1 : seen.offset;
  }

  /** Applies one journal event; {@code retentionMillis} 0 drops a message once settled. */
  PartitionState apply(PartitionEvent event, long retentionMillis, long windowMillis) {
    if (event instanceof PartitionEvent.Enqueued e) {
      enqueue(e, retentionMillis, windowMillis);
    } else if (event instanceof PartitionEvent.Settled e) {
      settle(e, retentionMillis);
    } else if (event instanceof PartitionEvent.GroupAdded e) {
      addGroup(e);
    } else if (event instanceof PartitionEvent.GroupRemoved e) {
      GroupLog removed = groups.remove(e.group());
      if (removed != null) {
        removed.pending.forEach(offset -> dropIfDone(offset, retentionMillis));
      }
    } else if (event instanceof PartitionEvent.Trimmed e) {
      trim(e.beforeMillis());
    } else if (event instanceof PartitionEvent.Started e) {
      epoch = e.epoch();
    } else if (event instanceof PartitionEvent.DeliveredThrough e) {
      GroupLog group = groups.get(e.group());
      if (group != null) {
        group.deliveredThrough = Math.max(group.deliveredThrough, e.offset());
      }
    } else if (event instanceof PartitionEvent.Removed e) {
      for (long offset : e.offsets()) {
        stored.remove(offset);
        groups.values().forEach(group -> group.pending.remove(offset));
      }
    }
    return this;
  }

  private void enqueue(PartitionEvent.Enqueued e, long retentionMillis, long windowMillis) {
    long offset = e.firstOffset();
    for (Message message : e.messages()) {
      String only = message.headers().get(DeadLetter.REPLAY_GROUP);
      boolean anyGroup = false;
      for (Map.Entry<String, GroupLog> group : groups.entrySet()) {
        if (only == null || only.equals(group.getKey())) {
          group.getValue().pending.add(offset);
          anyGroup = true;
        }
      }
      if (anyGroup || retentionMillis > 0) {
        stored.put(offset, message);
      }
      if (message.idempotencyKey() != null) {
        idempotency.put(message.idempotencyKey(), new Remembered(offset, e.atMillis()));
      }
      offset++;
    }
    nextOffset = Math.max(nextOffset, offset);
    forgetKeysBefore(Deadlines.before(e.atMillis(), windowMillis));
  }

  private void settle(PartitionEvent.Settled e, long retentionMillis) {
    GroupLog group = groups.get(e.group());
    if (group == null) {
      return;
    }
    for (long offset : e.offsets()) {
      if (group.pending.remove(offset)) {
        dropIfDone(offset, retentionMillis);
      }
    }
  }

  private void addGroup(PartitionEvent.GroupAdded e) {
    if (groups.containsKey(e.group())) {
      return;
    }
    GroupLog group = new GroupLog(e.config());
    if (e.config().startFrom() == GroupConfig.StartFrom.EARLIEST) {
      group.pending.addAll(stored.keySet());
    }
    groups.put(e.group(), group);
  }

  private void dropIfDone(long offset, long retentionMillis) {
    if (retentionMillis > 0) {
      return;
    }
    for (GroupLog group : groups.values()) {
      if (group.pending.contains(offset)) {
        return;
      }
    }
    stored.remove(offset);
  }

  /** Returns whether a settled message created before {@code beforeMillis} is stored. */
  boolean hasTrimmable(long beforeMillis) {
    for (Map.Entry<Long, Message> entry : stored.entrySet()) {
      if (entry.getValue().createdAt().toEpochMilli() >= beforeMillis) {
        return false; // offsets follow arrival, so later ones are (nearly always) younger
      }
      long offset = entry.getKey();
      if (groups.values().stream().noneMatch(group -> group.pending.contains(offset))) {
        return true;
      }
    }
    return false;
  }

  private void trim(long beforeMillis) {
    Iterator<Map.Entry<Long, Message>> it = stored.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Message> entry = it.next();
      if (entry.getValue().createdAt().toEpochMilli() >= beforeMillis) {
        continue;
      }
      long offset = entry.getKey();
      if (groups.values().stream().noneMatch(group -> group.pending.contains(offset))) {
        it.remove();
      }
    }
  }

  private void forgetKeysBefore(long cutoffMillis) {
    Iterator<Remembered> it = idempotency.values().iterator();
    while (it.hasNext() && it.next().atMillis < cutoffMillis) {
      it.remove();
    }
  }

  /** Returns up to {@code limit} stored messages, oldest first. */
  PartitionProtocol.Browsed browse(int limit) {
    List<Long> offsets = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    for (Map.Entry<Long, Message> entry : stored.entrySet()) {
      if (offsets.size() >= limit) {
        break;
      }
      offsets.add(entry.getKey());
      messages.add(entry.getValue());
    }
    return new PartitionProtocol.Browsed(offsets, messages);
  }
}
