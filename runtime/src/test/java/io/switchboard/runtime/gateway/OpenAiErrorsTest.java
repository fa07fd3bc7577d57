package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.Test;

class OpenAiErrorsTest {
  private final OpenAiErrors errors = new OpenAiErrors(new ObjectMapper(), Duration.ofSeconds(2));

  @Test
  void anOverloadedOrPartlyAwayClusterIsA503WithRetryAfter() {
    for (ErrorCode code :
        new ErrorCode[] {
          ErrorCode.TIMEOUT,
          ErrorCode.NOT_READY,
          ErrorCode.JOURNAL_FULL,
          ErrorCode.PARTITION_UNREACHABLE
        }) {
      HttpResponse response =
          errors.of(new CompletionException(new SwitchboardException(code, "busy")));
      assertThat(response.status().intValue()).as(code.name()).isEqualTo(503);
      assertThat(response.getHeader("Retry-After")).as(code.name()).isPresent();
    }
  }

  @Test
  void aPassedDeadlineIsA504() {
    assertThat(
            errors
                .of(new SwitchboardException(ErrorCode.DEADLINE_EXCEEDED, "late"))
                .status()
                .intValue())
        .isEqualTo(504);
  }
}
