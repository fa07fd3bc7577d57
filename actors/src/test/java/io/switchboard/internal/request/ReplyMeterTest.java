package io.switchboard.internal.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ErrorCode;
import io.switchboard.message.Message;
import io.switchboard.priority.SchedulingHeaders;
import io.switchboard.request.Outcome;
import org.junit.jupiter.api.Test;

/** The labels the request metrics use. */
class ReplyMeterTest {

  @Test
  void labelsARefusalByWhyTheWriterWasLate() {
    ReplyLog moved = started(2);
    assertThat(moved.refusal(1).label()).isEqualTo("superseded");
    assertThat(moved.refusal(1).code()).isEqualTo(ErrorCode.CANCELLED);
    assertThat(ended(Outcome.CANCELLED).refusal(1).label()).isEqualTo("cancelled");
    assertThat(ended(Outcome.DEADLINE_EXCEEDED).refusal(1).label()).isEqualTo("deadline_exceeded");
    assertThat(ended(Outcome.COMPLETED).refusal(1).label()).isEqualTo("ended");
    assertThat(ended(Outcome.COMPLETED).refusal(1).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    // Not about a late writer: a bad cursor, an unknown request are not counted.
    assertThat(started(1).readRefusal(5, 0, java.time.Duration.ofMinutes(1)).label()).isNull();
    assertThat(new ReplyLog("nobody").refusal(1).code()).isEqualTo(ErrorCode.UNKNOWN_REQUEST);
    assertThat(started(1).refusal(1)).isNull();
  }

  private static ReplyLog started(int generation) {
    ReplyLog log = new ReplyLog("r1");
    log.apply(new ReplyEvent.Opened(1_000, 0, "chat"));
    for (int g = 1; g <= generation; g++) {
      log.apply(new ReplyEvent.Started(g));
    }
    return log;
  }

  private static ReplyLog ended(Outcome outcome) {
    ReplyLog log = started(1);
    log.apply(new ReplyEvent.Ended(outcome, "why", new byte[0], 500));
    return log;
  }

  @Test
  void readsPriorityAndTenantFromTheHeadersWithDefault() {
    Message tagged =
        Message.builder("chat")
            .text("hi")
            .header(SchedulingHeaders.PRIORITY, "interactive")
            .header(SchedulingHeaders.TENANT, "acme")
            .build();
    assertThat(ReplyMeter.label(tagged, SchedulingHeaders.PRIORITY)).isEqualTo("interactive");
    assertThat(ReplyMeter.label(tagged, SchedulingHeaders.TENANT)).isEqualTo("acme");
    assertThat(
            ReplyMeter.label(Message.builder("chat").text("hi").build(), SchedulingHeaders.TENANT))
        .isEqualTo("default");
  }
}
