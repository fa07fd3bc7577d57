package io.switchboard.runtime.http.consume;

import io.switchboard.consumer.Receipt;
import io.switchboard.runtime.http.ApiException;
import java.time.Duration;
import java.util.List;

/**
 * The body of an ack or nack (and of a WebSocket settle frame): receipts as {@code
 * partition-offset-attempt}; a nack may delay the redelivery by {@code delayMs}.
 */
public record SettleRequest(List<String> receipts, Long delayMs) {

  /** Returns the parsed receipts, or throws (400) for an empty list or a malformed receipt. */
  public List<Receipt> parsed(int max) {
    if (receipts == null || receipts.isEmpty()) {
      throw ApiException.invalid("receipts must be a non-empty list");
    }
    if (receipts.size() > max) {
      throw ApiException.invalid("at most " + max + " receipts at once, got " + receipts.size());
    }
    return receipts.stream().map(Receipt::parse).toList();
  }

  /** Returns the redelivery delay, or throws (400) when negative or over {@code max}. */
  public Duration delay(Duration max) {
    if (delayMs == null) {
      return Duration.ZERO;
    }
    if (delayMs < 0 || delayMs > max.toMillis()) {
      throw ApiException.invalid(
          "delayMs must be between 0 and "
              + max.toMillis()
              + " (switchboard.http.max-nack-delay), got "
              + delayMs);
    }
    return Duration.ofMillis(delayMs);
  }
}
