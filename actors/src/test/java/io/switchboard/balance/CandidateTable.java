package io.switchboard.balance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A mutable {@link Candidates} for tests: rows by index, membership version bumped on change.
 * Tracks tokens as a partition does: each delivery's cost (1 unless given), and a consumer's
 * optional token budget, which takes its credit away for an {@link #offer}ed cost that would pass
 * it (unless it holds nothing).
 */
final class CandidateTable implements Candidates {

  private static final class Row {
    final String id;
    int credit;
    int outstanding;
    double capacity;
    double serviceTimeNanos;
    long tokens;
    long budget;
    final Deque<Long> costs = new ArrayDeque<>();

    Row(String id, int credit, double capacity, double serviceTimeNanos) {
      this.id = id;
      this.credit = credit;
      this.capacity = capacity;
      this.serviceTimeNanos = serviceTimeNanos;
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private long version;
  private long offered = 1;

  /** Returns a table of {@code count} equal consumers named c0, c1, ... with this credit. */
  static CandidateTable equal(int count, int credit) {
    CandidateTable table = new CandidateTable();
    for (int i = 0; i < count; i++) {
      table.join("c" + i, credit);
    }
    return table;
  }

  CandidateTable join(String id, int credit) {
    return join(id, credit, 1, 0);
  }

  CandidateTable join(String id, int credit, double capacity, double serviceTimeNanos) {
    rows.add(new Row(id, credit, capacity, serviceTimeNanos));
    version++;
    return this;
  }

  CandidateTable leave(String id) {
    rows.remove(indexOf(id));
    version++;
    return this;
  }

  int indexOf(String id) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).id.equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no consumer " + id);
  }

  void setCredit(int index, int credit) {
    rows.get(index).credit = credit;
  }

  /** Sets what a consumer holds: {@code outstanding} deliveries of one token each. */
  void setOutstanding(int index, int outstanding) {
    rows.get(index).outstanding = outstanding;
    rows.get(index).tokens = outstanding;
  }

  void setTokens(int index, long tokens) {
    rows.get(index).tokens = tokens;
  }

  void setBudget(int index, long budget) {
    rows.get(index).budget = budget;
  }

  /** Sets the cost of the message the next choose places. */
  void offer(long cost) {
    offered = cost;
  }

  /** Records a delivery: one more outstanding, one less credit. */
  void deliver(int index) {
    deliver(index, 1);
  }

  /** Records a delivery of {@code cost} tokens. */
  void deliver(int index, long cost) {
    Row row = rows.get(index);
    row.outstanding++;
    row.credit--;
    row.tokens += cost;
    row.costs.add(cost);
  }

  /** Records an ack of the consumer's oldest delivery: its credit and tokens back. */
  void ack(int index) {
    Row row = rows.get(index);
    row.outstanding--;
    row.credit++;
    Long cost = row.costs.poll();
    row.tokens -= cost == null ? 1 : cost;
  }

  long tokens(int index) {
    return rows.get(index).tokens;
  }

  long budget(int index) {
    return rows.get(index).budget;
  }

  boolean anyCredit() {
    return rows.stream().anyMatch(row -> row.credit > 0);
  }

  @Override
  public int size() {
    return rows.size();
  }

  @Override
  public String id(int index) {
    return rows.get(index).id;
  }

  @Override
  public int credit(int index) {
    Row row = rows.get(index);
    if (row.budget > 0 && row.outstanding > 0 && row.tokens + offered > row.budget) {
      return 0;
    }
    return row.credit;
  }

  @Override
  public long outstandingTokens(int index) {
    return rows.get(index).tokens;
  }

  @Override
  public int outstanding(int index) {
    return rows.get(index).outstanding;
  }

  @Override
  public double capacity(int index) {
    return rows.get(index).capacity;
  }

  @Override
  public double serviceTimeNanos(int index) {
    return rows.get(index).serviceTimeNanos;
  }

  @Override
  public long membershipVersion() {
    return version;
  }
}
