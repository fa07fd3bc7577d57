package io.switchboard.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.SwitchboardException;
import org.junit.jupiter.api.Test;

class MessageValidatorTest {
  private final MessageValidator validator = new MessageValidator(MessageLimits.DEFAULTS);

  @Test
  void acceptsTheReservedHeadersAPublisherMaySet() {
    Message message = Message.builder("chat").header("switchboard-priority", "interactive")
        .header("switchboard-tenant", "team-a").header("switchboard-cost", "120").build();
    assertThat(validator.validate(message)).isSameAs(message);
  }

  @Test
  void refusesTheOtherReservedHeaders() {
    Message message = Message.builder("chat").header("switchboard-request-deadline", "0").build();
    assertThatThrownBy(() -> validator.validate(message)).isInstanceOf(SwitchboardException.class)
        .hasMessageContaining("reserved");
  }
}
