package io.switchboard.balance;

import java.util.ArrayList;
import java.util.List;

/** A mutable {@link Candidates} for tests: rows by index, membership version bumped on change. */
final class CandidateTable implements Candidates {

  private static final class Row {
    final String id;
    int credit;
    int outstanding;
    double capacity;
    double serviceTimeNanos;

    Row(String id, int credit, double capacity, double serviceTimeNanos) {
      this.id = id;
      this.credit = credit;
      this.capacity = capacity;
      this.serviceTimeNanos = serviceTimeNanos;
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private long version;

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

  void setOutstanding(int index, int outstanding) {
    rows.get(index).outstanding = outstanding;
  }

  /** Records a delivery: one more outstanding, one less credit. */
  void deliver(int index) {
    Row row = rows.get(index);
    row.outstanding++;
    row.credit--;
  }

  /** Records an ack: one less outstanding, the credit back. */
  void ack(int index) {
    Row row = rows.get(index);
    row.outstanding--;
    row.credit++;
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
    return rows.get(index).credit;
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
