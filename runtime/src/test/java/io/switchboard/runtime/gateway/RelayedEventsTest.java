package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayedEventsTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> strings(List<byte[]> events) {
    return events.stream().map(e -> new String(e, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void oneEventIsItsOwnBytesAsChunksStoredBeforeGatheringWere() {
    byte[] one = b("{\"id\":\"a\"}");
    assertThat(RelayedEvents.join(List.of(one))).isSameAs(one);
    assertThat(strings(RelayedEvents.split(one))).containsExactly("{\"id\":\"a\"}");
  }

  @Test
  void severalEventsSplitBackInOrder() {
    byte[] joined =
        RelayedEvents.join(List.of(b("{\"n\":1}"), b("{\"n\":\"two\\nlines\"}"), b("{\"n\":3}")));
    assertThat(strings(RelayedEvents.split(joined)))
        .containsExactly("{\"n\":1}", "{\"n\":\"two\\nlines\"}", "{\"n\":3}");
  }
}
