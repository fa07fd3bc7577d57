package io.switchboard.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

  @Test
  void idsAreVersion7UniqueAndOrdered() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(MessageIds.next(1_700_000_000_000L));
    }
    Set<Long> randomParts = new HashSet<>();
    for (String id : ids) {
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(7);
      assertThat(uuid.variant()).isEqualTo(2);
      randomParts.add(uuid.getLeastSignificantBits());
    }
    assertThat(new HashSet<>(ids)).hasSize(ids.size());
    assertThat(randomParts).hasSizeGreaterThan(ids.size() - 2);
    assertThat(ids).isSorted();
  }
}
