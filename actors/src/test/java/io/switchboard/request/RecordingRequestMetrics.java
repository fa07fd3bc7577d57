package io.switchboard.request;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Keeps every report, for tests to count. */
public final class RecordingRequestMetrics implements RequestMetrics {
  public final Map<Outcome, AtomicLong> ended = new ConcurrentHashMap<>();
  public final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
  public final Map<String, List<Duration>> queueWaits = new ConcurrentHashMap<>();
  public final List<Duration> firstChunks = new CopyOnWriteArrayList<>();
  public final List<Duration> gaps = new CopyOnWriteArrayList<>();
  public final AtomicLong expired = new AtomicLong();
  public final AtomicLong chunks = new AtomicLong();
  public final AtomicLong bytes = new AtomicLong();
  public final List<Usage> tokens = new CopyOnWriteArrayList<>();

  @Override
  public void ended(Outcome outcome) {
    ended.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void expired() {
    expired.incrementAndGet();
  }

  @Override
  public void firstChunk(Duration sinceAccepted) {
    firstChunks.add(sinceAccepted);
  }

  @Override
  public void betweenChunks(Duration gap) {
    gaps.add(gap);
  }

  @Override
  public void queueWait(String priority, String tenant, Duration waited) {
    queueWaits
        .computeIfAbsent(priority + "/" + tenant, k -> new CopyOnWriteArrayList<>())
        .add(waited);
  }

  @Override
  public void relayed(long payloadBytes) {
    chunks.incrementAndGet();
    bytes.addAndGet(payloadBytes);
  }

  @Override
  public void tokens(String topic, String tenant, Usage usage) {
    tokens.add(usage);
  }

  @Override
  public void refused(String reason) {
    refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
  }

  /** Returns how many requests ended with {@code outcome}. */
  public long endedCount(Outcome outcome) {
    AtomicLong n = ended.get(outcome);
    return n == null ? 0 : n.get();
  }

  /** Returns how many replies were refused for {@code reason}. */
  public long refusedCount(String reason) {
    AtomicLong n = refused.get(reason);
    return n == null ? 0 : n.get();
  }
}
