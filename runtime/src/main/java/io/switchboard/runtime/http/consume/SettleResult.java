package io.switchboard.runtime.http.consume;

import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.Receipt;
import java.util.List;

/** Which receipts of an ack or nack took effect and which were refused (unknown or stale). */
public record SettleResult(List<String> accepted, List<String> rejected) {

  public static SettleResult of(AckResult result) {
    return new SettleResult(
        result.accepted().stream().map(Receipt::encode).toList(),
        result.rejected().stream().map(Receipt::encode).toList());
  }
}
