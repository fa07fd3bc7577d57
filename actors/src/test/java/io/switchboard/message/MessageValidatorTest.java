package io.switchboard.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageValidatorTest {
  private final MessageValidator validator = new MessageValidator(MessageLimits.DEFAULTS);

  @Test
  void acceptsTheReservedHeadersAPublisherMaySet() {
    Message message =
        Message.builder("chat")
            .header("switchboard-priority", "interactive")
            .header("switchboard-tenant", "team-a")
            .header("switchboard-cost", "120")
            .build();
    assertThat(validator.validate(message)).isSameAs(message);
  }

  @Test
  void refusesTheOtherReservedHeaders() {
    Message message = Message.builder("chat").header("switchboard-request-deadline", "0").build();
    assertThatThrownBy(() -> validator.validate(message))
        .isInstanceOf(SwitchboardException.class)
        .hasMessageContaining("reserved");
  }

  @Test
  void checksHeadersWithoutAllocating() {
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) {
      headers.put("x-header-" + i, "value\twith a tab " + i);
    }
    Message message =
        Message.builder("orders")
            .key("k")
            .type("order.created")
            .headers(headers)
            .payload(new byte[1024])
            .build();
    for (int i = 0; i < 20_000; i++) {
      validator.validate(message);
    }

    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 10_000; i++) {
      validator.validate(message);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    // A label built per header (the error text, needed only on failure) cost ~2 KB per check;
    // what is left is the immutable map's entries, made as it is iterated.
    assertThat(allocated).as("bytes allocated by 10,000 checks of 8 headers").isLessThan(5_000_000);
  }

  @Test
  void rejectsControlCharacterInHeaderNameNamingIt() {
    Message message =
        Message.builder("orders").header("bad\u0007name", "v").payload(new byte[1]).build();

    assertThatThrownBy(() -> validator.validate(message))
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE))
        .hasMessage("header name 'bad\\u0007name' has a control character U+0007 at index 3");
  }

  @Test
  void rejectsControlCharacterInHeaderValueNamingTheHeader() {
    Message message =
        Message.builder("orders").header("name", "a\u0000b").payload(new byte[1]).build();

    assertThatThrownBy(() -> validator.validate(message))
        .hasMessage("header 'name' value has a control character U+0000 at index 1");
  }

  @Test
  void acceptsTabInHeaderValue() {
    Message message = Message.builder("orders").header("name", "a\tb").payload(new byte[1]).build();

    assertThat(validator.validate(message)).isSameAs(message);
  }
}
