package io.switchboard.request;

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
        .header(Requests.PRIORITY_HEADER, "interactive").header(Requests.TENANT_HEADER, "acme").build();
    assertThat(Requests.label(tagged, Requests.PRIORITY_HEADER)).isEqualTo("interactive");
    assertThat(Requests.label(tagged, Requests.TENANT_HEADER)).isEqualTo("acme");
    assertThat(Requests.label(Message.builder("chat").text("hi").build(), Requests.TENANT_HEADER)).isEqualTo("default");
  }
}
