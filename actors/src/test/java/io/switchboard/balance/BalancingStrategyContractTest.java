package io.switchboard.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@link BalancingStrategy} contract, run over every strategy by one thin subclass each (which
 * also holds the strategy's own tests).
 */
abstract class BalancingStrategyContractTest {

  /** Returns the strategy kind under test. */
  protected abstract Balancing kind();

  protected BalancingStrategy newStrategy() {
    return kind().newStrategy(42L);
  }

  @Test
  void neverReturnsAnIndexWithoutCredit() {
    CandidateTable table =
        new CandidateTable()
            .join("a", 3, 1, 1_000_000)
            .join("b", 1, 2, 0)
            .join("c", 0, 1, 5_000_000)
            .join("d", 2, 4, 2_000_000)
            .join("e", 3, 1, 0)
            .join("f", 1, 3, 700_000);
    BalancingStrategy strategy = newStrategy();
    SplittableRandom random = new SplittableRandom(1);
    for (int step = 0; step < 20_000; step++) {
      String key = random.nextInt(4) == 0 ? null : "k" + random.nextInt(50);
      int pick = strategy.choose(table, key);
      if (table.anyCredit()) {
        assertThat(pick).isBetween(0, table.size() - 1);
        assertThat(table.credit(pick)).as("credit of pick %d", pick).isPositive();
        table.deliver(pick);
      } else {
        assertThat(pick).isEqualTo(-1);
      }
      ackSome(table, random);
    }
  }

  @Test
  void neverPassesATokenBudgetExceptForALoneMessageOnAnIdleConsumer() {
    CandidateTable table =
        new CandidateTable()
            .join("a", 50, 1, 1_000_000)
            .join("b", 50, 2, 0)
            .join("c", 50, 1, 5_000_000);
    table.setBudget(0, 1_000);
    table.setBudget(1, 4_000);
    table.setBudget(2, 500);
    BalancingStrategy strategy = newStrategy();
    SplittableRandom random = new SplittableRandom(5);
    int placed = 0;
    for (int step = 0; step < 20_000; step++) {
      long cost = random.nextInt(10) == 0 ? 2_000 + random.nextInt(3_000) : random.nextInt(400);
      table.offer(cost);
      int pick = strategy.choose(table, random.nextBoolean() ? null : "k" + random.nextInt(30));
      if (pick >= 0) {
        boolean idle = table.outstanding(pick) == 0;
        table.deliver(pick, cost);
        placed++;
        if (!idle) {
          assertThat(table.tokens(pick))
              .as("tokens held by %s", table.id(pick))
              .isLessThanOrEqualTo(table.budget(pick));
        }
      }
      ackSome(table, random);
    }
    assertThat(placed).as("messages placed").isGreaterThan(5_000);
  }

  @Test
  void choosesAsBeforeWhenEveryMessageCostsOneToken() {
    // Without declared costs tokens equal deliveries: a table that reports them must make the
    // same picks as one that only counts deliveries (Candidates' default).
    assertThat(run(kind().newStrategy(9L))).isEqualTo(runCountingOnly(kind().newStrategy(9L)));
  }

  @Test
  void returnsMinusOneWhenNoConsumerHasCredit() {
    CandidateTable table = CandidateTable.equal(3, 0);
    BalancingStrategy strategy = newStrategy();

    assertThat(strategy.choose(table, null)).isEqualTo(-1);
    assertThat(strategy.choose(table, "conversation-7")).isEqualTo(-1);
  }

  @Test
  void returnsMinusOneForAnEmptyGroup() {
    BalancingStrategy strategy = newStrategy();

    assertThat(strategy.choose(new CandidateTable(), null)).isEqualTo(-1);
    assertThat(strategy.choose(new CandidateTable(), "conversation-7")).isEqualTo(-1);
  }

  @Test
  void choosesTheOnlyConsumer() {
    CandidateTable table = CandidateTable.equal(1, 5);
    BalancingStrategy strategy = newStrategy();

    for (int i = 0; i < 10; i++) {
      assertThat(strategy.choose(table, i % 2 == 0 ? null : "k" + i)).isZero();
    }
  }

  @Test
  void choosesTheOnlyConsumerWithCredit() {
    CandidateTable table = CandidateTable.equal(4, 0);
    table.setCredit(2, 1);
    BalancingStrategy strategy = newStrategy();

    for (int i = 0; i < 10; i++) {
      assertThat(strategy.choose(table, i % 2 == 0 ? null : "k" + i)).isEqualTo(2);
    }
  }

  @Test
  void followsMembershipChanges() {
    CandidateTable table = CandidateTable.equal(3, 1_000);
    BalancingStrategy strategy = newStrategy();
    pickIds(strategy, table, 30);

    table.leave("c1");
    assertThat(pickIds(strategy, table, 300)).doesNotContain("c1").contains("c0", "c2");

    table.join("c9", 1_000);
    assertThat(pickIds(strategy, table, 300)).contains("c0", "c2", "c9");
  }

  @Test
  void repeatsTheSameSequenceForTheSameSeed() {
    assertThat(run(kind().newStrategy(7L))).isEqualTo(run(kind().newStrategy(7L)));
  }

  @Test
  void spreadsOverAllConsumersWhenAllAreEqual() {
    CandidateTable table = CandidateTable.equal(4, 1_000);
    BalancingStrategy strategy = newStrategy();
    int[] counts = new int[4];
    for (int i = 0; i < 4_000; i++) {
      counts[strategy.choose(table, "key-" + i)]++;
    }
    assertThat(Arrays.stream(counts).min().getAsInt())
        .as("fewest picks of one consumer in %s", Arrays.toString(counts))
        .isGreaterThan(500);
  }

  @Test
  void choosesWithoutAllocating() {
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    CandidateTable table =
        new CandidateTable()
            .join("a", 1_000, 1, 1_000)
            .join("b", 1_000, 2, 3_000)
            .join("c", 0, 1, 0);
    String[] keys = new String[64];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i % 8 == 0 ? null : "conversation-" + i + "-ü€";
    }
    BalancingStrategy strategy = newStrategy();
    pickAll(strategy, table, keys, 20_000);

    long before = threads.getCurrentThreadAllocatedBytes();
    long sum = pickAll(strategy, table, keys, 100_000);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(sum).isNotNegative();
    // One allocation per call would be at least 1.6 MB here; the slack is for the MXBean itself.
    assertThat(allocated).as("bytes allocated by 100,000 picks").isLessThan(16_384);
  }

  private static long pickAll(
      BalancingStrategy strategy, CandidateTable table, String[] keys, int picks) {
    long sum = 0;
    for (int i = 0; i < picks; i++) {
      sum += strategy.choose(table, keys[i & (keys.length - 1)]);
    }
    return sum;
  }

  /** A fixed scenario of picks, acks and a membership change; returns the picks. */
  private static List<Integer> run(BalancingStrategy strategy) {
    CandidateTable table =
        new CandidateTable().join("a", 4, 1, 1_000).join("b", 4, 2, 0).join("c", 4, 1, 3_000);
    SplittableRandom random = new SplittableRandom(3);
    List<Integer> picks = new ArrayList<>();
    for (int step = 0; step < 2_000; step++) {
      if (step == 1_000) {
        table.join("d", 4, 3, 500);
      }
      int pick = strategy.choose(table, random.nextBoolean() ? null : "k" + random.nextInt(20));
      picks.add(pick);
      if (pick >= 0) {
        table.deliver(pick);
      }
      ackSome(table, random);
    }
    return picks;
  }

  /** {@link #run} over candidates that do not report tokens (the interface's default). */
  private static List<Integer> runCountingOnly(BalancingStrategy strategy) {
    CandidateTable table =
        new CandidateTable().join("a", 4, 1, 1_000).join("b", 4, 2, 0).join("c", 4, 1, 3_000);
    Candidates countingOnly =
        new Candidates() {
          @Override
          public int size() {
            return table.size();
          }

          @Override
          public String id(int index) {
            return table.id(index);
          }

          @Override
          public int credit(int index) {
            return table.credit(index);
          }

          @Override
          public int outstanding(int index) {
            return table.outstanding(index);
          }

          @Override
          public double capacity(int index) {
            return table.capacity(index);
          }

          @Override
          public double serviceTimeNanos(int index) {
            return table.serviceTimeNanos(index);
          }

          @Override
          public long membershipVersion() {
            return table.membershipVersion();
          }
        };
    SplittableRandom random = new SplittableRandom(3);
    List<Integer> picks = new ArrayList<>();
    for (int step = 0; step < 2_000; step++) {
      if (step == 1_000) {
        table.join("d", 4, 3, 500);
      }
      int pick =
          strategy.choose(countingOnly, random.nextBoolean() ? null : "k" + random.nextInt(20));
      picks.add(pick);
      if (pick >= 0) {
        table.deliver(pick);
      }
      ackSome(table, random);
    }
    return picks;
  }

  private static List<String> pickIds(BalancingStrategy strategy, CandidateTable table, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int pick = strategy.choose(table, "k" + i);
      assertThat(pick).isBetween(0, table.size() - 1);
      ids.add(table.id(pick));
    }
    return ids;
  }

  /** Acks one delivery of a random consumer about half the time. */
  static void ackSome(CandidateTable table, SplittableRandom random) {
    int index = random.nextInt(table.size() * 2);
    if (index < table.size() && table.outstanding(index) > 0) {
      table.ack(index);
    }
  }
}
