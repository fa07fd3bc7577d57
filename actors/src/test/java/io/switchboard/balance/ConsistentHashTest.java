package io.switchboard.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsistentHashTest extends BalancingStrategyContractTest {

  @Override
  protected Balancing kind() {
    return Balancing.CONSISTENT_HASH;
  }

  @Test
  void keepsEachKeyOnOneConsumerWhileItHasCredit() {
    CandidateTable table = CandidateTable.equal(5, 1_000_000);
    BalancingStrategy strategy = newStrategy();
    Map<String, Integer> first = new HashMap<>();

    for (int round = 0; round < 10; round++) {
      for (int k = 0; k < 500; k++) {
        String key = "conversation-" + k;
        int pick = strategy.choose(table, key);
        table.deliver(pick);
        assertThat(first.computeIfAbsent(key, any -> pick)).as(key).isEqualTo(pick);
      }
    }
  }

  @Test
  void fallsBackToTheNextConsumerWhileThePreferredHasNoCredit() {
    CandidateTable table = CandidateTable.equal(5, 100);
    BalancingStrategy strategy = newStrategy();
    int preferred = strategy.choose(table, "conversation-1");

    table.setCredit(preferred, 0);
    int fallback = strategy.choose(table, "conversation-1");
    assertThat(fallback).isNotEqualTo(preferred).isNotNegative();
    assertThat(strategy.choose(table, "conversation-1")).as("same fallback").isEqualTo(fallback);

    table.setCredit(preferred, 1);
    assertThat(strategy.choose(table, "conversation-1")).isEqualTo(preferred);
  }

  @Test
  void movesAboutOneNthOfKeysWhenAConsumerJoins() {
    CandidateTable table = CandidateTable.equal(4, 1_000_000);
    BalancingStrategy strategy = newStrategy();
    Map<String, String> before = owners(strategy, table);

    table.join("c4", 1_000_000);
    Map<String, String> after = owners(strategy, table);

    long moved =
        before.keySet().stream().filter(key -> !before.get(key).equals(after.get(key))).count();
    assertThat(moved / (double) before.size()).as("share of keys moved").isBetween(0.15, 0.25);
    assertThat(before.keySet())
        .allSatisfy(key -> assertThat(after.get(key)).isIn(before.get(key), "c4"));
  }

  @Test
  void movesOnlyTheKeysOfAConsumerThatLeaves() {
    CandidateTable table = CandidateTable.equal(5, 1_000_000);
    BalancingStrategy strategy = newStrategy();
    Map<String, String> before = owners(strategy, table);

    table.leave("c2");
    Map<String, String> after = owners(strategy, table);

    assertThat(before.keySet())
        .allSatisfy(
            key -> {
              if (!before.get(key).equals("c2")) {
                assertThat(after.get(key)).isEqualTo(before.get(key));
              }
            });
  }

  @Test
  void sendsKeylessMessagesToTheLeastOutstanding() {
    CandidateTable table = CandidateTable.equal(3, 10);
    table.setOutstanding(0, 4);
    table.setOutstanding(1, 1);
    table.setOutstanding(2, 3);

    assertThat(newStrategy().choose(table, null)).isEqualTo(1);
  }

  private static Map<String, String> owners(BalancingStrategy strategy, CandidateTable table) {
    Map<String, String> owners = new HashMap<>();
    for (int k = 0; k < 10_000; k++) {
      String key = "session-" + k;
      owners.put(key, table.id(strategy.choose(table, key)));
    }
    return owners;
  }
}
