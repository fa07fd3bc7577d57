package io.switchboard.runtime.http.consume;

import io.switchboard.runtime.http.ApiException;
import java.util.List;

/**
 * A client frame on a WebSocket stream: {@code {"ack": [...]}} or {@code {"nack": [...], "delayMs":
 * n}}.
 */
public record StreamFrame(List<String> ack, List<String> nack, Long delayMs) {

  /** Returns true for an ack frame, false for a nack frame; throws (400) when neither or both. */
  boolean isAck() {
    if ((ack == null) == (nack == null)) {
      throw ApiException.invalid("a frame has exactly one of \"ack\" or \"nack\"");
    }
    if (ack != null && delayMs != null) {
      throw ApiException.invalid("delayMs only goes with nack");
    }
    return ack != null;
  }

  /** Returns the frame as the body of an ack or nack request. */
  SettleRequest toRequest() {
    return isAck() ? new SettleRequest(ack, null) : new SettleRequest(nack, delayMs);
  }
}
