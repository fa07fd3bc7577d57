package io.switchboard.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventsTest {

  @Test
  void packsKindGenerationAndIndex() {
    long event = Events.of(Events.LEASE, 123_456, Integer.MAX_VALUE);

    assertThat(Events.kind(event)).isEqualTo(Events.LEASE);
    assertThat(Events.generation(event)).isEqualTo(123_456);
    assertThat(Events.index(event)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void wrapsGenerationsLikeTheEventDoes() {
    int generation = (1 << 28) + 5;

    assertThat(Events.generation(Events.of(Events.COMPLETE, generation, 1)))
        .isEqualTo(Events.wrap(generation));
  }
}
