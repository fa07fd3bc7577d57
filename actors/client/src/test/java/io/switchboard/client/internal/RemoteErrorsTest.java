package io.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.protocol.v1.Error;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemoteErrorsTest {

  @Test
  void aFullBacklogIsOverloadedWithTheNodesRetryAfter() {
    SwitchboardException e =
        RemoteErrors.of(
            Error.newBuilder()
                .setCode("BACKLOG_FULL")
                .setMessage("partition 2 holds 100000 messages")
                .setRetryAfterMillis(250)
                .build());

    assertThat(e).isInstanceOf(SwitchboardException.Overloaded.class);
    assertThat(((SwitchboardException.Overloaded) e).retryAfter())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(e.getMessage()).contains("BACKLOG_FULL").contains("partition 2");
  }

  @Test
  void theTrailerCodeWinsOverTheStatus() {
    Metadata trailers = new Metadata();
    trailers.put(
        RemoteErrors.ERROR_KEY,
        Error.newBuilder().setCode("UNKNOWN_GROUP").setMessage("no group g").build().toByteArray());

    SwitchboardException e = RemoteErrors.of(Status.NOT_FOUND.asRuntimeException(trailers));

    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_GROUP);
    assertThat(RemoteErrors.isTransient(Status.NOT_FOUND.asRuntimeException(trailers))).isFalse();
  }

  @Test
  void aStatusWithoutTrailerMapsByItsCode() {
    assertThat(RemoteErrors.of(Status.UNAVAILABLE.asRuntimeException()).code())
        .isEqualTo(ErrorCode.NOT_READY);
    assertThat(RemoteErrors.of(Status.ALREADY_EXISTS.asRuntimeException()).code())
        .isEqualTo(ErrorCode.TOPIC_EXISTS);
    assertThat(RemoteErrors.isTransient(Status.UNAVAILABLE.asRuntimeException())).isTrue();
  }

  @Test
  void aNodeNotReadyIsWorthAnotherTryWhateverTheStatus() {
    Metadata trailers = new Metadata();
    trailers.put(
        RemoteErrors.ERROR_KEY, Error.newBuilder().setCode("NOT_READY").build().toByteArray());

    assertThat(RemoteErrors.isTransient(Status.FAILED_PRECONDITION.asRuntimeException(trailers)))
        .isTrue();
  }
}
