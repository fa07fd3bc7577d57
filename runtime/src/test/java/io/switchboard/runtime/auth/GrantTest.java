package io.switchboard.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrantTest {

  @Test
  void matchesExactNamesAndStarPatterns() {
    assertThat(Grant.parse("produce:orders").matches("orders")).isTrue();
    assertThat(Grant.parse("produce:orders").matches("orders2")).isFalse();
    assertThat(Grant.parse("consume:chat.*").matches("chat.requests")).isTrue();
    assertThat(Grant.parse("consume:chat.*").matches("chatter")).isFalse();
    assertThat(Grant.parse("admin:*").matches("anything")).isTrue();
    assertThat(Grant.parse("admin:*.dlq").matches("team-a.dlq")).isTrue();
    assertThat(Grant.parse("admin:*.dlq").matches("team-a.dl")).isFalse();
  }

  @Test
  void parsesAListAndRefusesBadGrants() {
    assertThat(Grant.parseList("produce:a, consume:b.*"))
        .containsExactly(new Grant(Right.PRODUCE, "a"), new Grant(Right.CONSUME, "b.*"));
    assertThat(Grant.parseList("-")).isEmpty();
    assertThatThrownBy(() -> Grant.parse("write:a")).hasMessageContaining("unknown right 'write'");
    assertThatThrownBy(() -> Grant.parse("produce")).hasMessageContaining("right:pattern");
  }

  @Test
  void everywhereNeedsAGrantOnStar() {
    Principal team = new Principal("t", "team", List.of(Grant.parse("admin:team.*")));
    Principal root = new Principal("r", "ops", List.of(Grant.parse("admin:*")));

    assertThat(team.mayEverywhere(Right.ADMIN)).isFalse();
    assertThat(root.mayEverywhere(Right.ADMIN)).isTrue();
    assertThat(team.sees("team.x")).isTrue();
    assertThat(team.sees("other")).isFalse();
  }
}
