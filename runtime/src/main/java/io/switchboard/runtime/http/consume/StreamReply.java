package io.switchboard.runtime.http.consume;

import io.switchboard.runtime.http.ErrorBody;

/**
 * A server frame on a WebSocket stream; exactly one field is set: a {@code delivery}, the result of
 * a client's ack or nack ({@code acked} / {@code nacked}), or an {@code error}.
 */
public record StreamReply(
    DeliveryView delivery, SettleResult acked, SettleResult nacked, ErrorBody.Detail error) {

  static StreamReply delivery(DeliveryView delivery) {
    return new StreamReply(delivery, null, null, null);
  }

  static StreamReply settled(boolean ack, SettleResult result) {
    return ack
        ? new StreamReply(null, result, null, null)
        : new StreamReply(null, null, result, null);
  }

  static StreamReply error(String code, String message) {
    return new StreamReply(null, null, null, new ErrorBody.Detail(code, message));
  }
}
