package io.switchboard.request;

import io.switchboard.priority.SchedulingHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.message.Message;
import org.junit.jupiter.api.Test;

/** The labels the request metrics use. */
class ReplyMeterTest {

  @Test
  void labelsARefusalByWhyTheWriterWasLate() {
    assertThat(ReplyMeter.reason("CANCELLED: superseded by a later delivery of the request")).isEqualTo("superseded");
    assertThat(ReplyMeter.reason("CANCELLED: the caller cancelled the request")).isEqualTo("cancelled");
    assertThat(ReplyMeter.reason("DEADLINE_EXCEEDED: the deadline passed while it ran")).isEqualTo("deadline_exceeded");
    assertThat(ReplyMeter.reason("INVALID_ARGUMENT: the request already ended (COMPLETED)")).isEqualTo("ended");
    // Not about a late writer: a worker's own mistake is not counted here.
    assertThat(ReplyMeter.reason("INVALID_ARGUMENT: chunk 3 out of order, expected 2")).isNull();
    assertThat(ReplyMeter.reason(null)).isNull();
  }

  @Test
  void readsPriorityAndTenantFromTheHeadersWithDefault() {
    Message tagged = Message.builder("chat").text("hi")
        .header(SchedulingHeaders.PRIORITY, "interactive").header(SchedulingHeaders.TENANT, "acme").build();
    assertThat(Requests.label(tagged, SchedulingHeaders.PRIORITY)).isEqualTo("interactive");
    assertThat(Requests.label(tagged, SchedulingHeaders.TENANT)).isEqualTo("acme");
    assertThat(Requests.label(Message.builder("chat").text("hi").build(), SchedulingHeaders.TENANT)).isEqualTo("default");
  }
}
