package io.switchboard.producer;

import java.util.Objects;

/**
 * What became of one message of {@code Switchboard.publishEach}: its confirm, or why it was not
 * stored (a {@link io.switchboard.SwitchboardException} for a refusal, another failure when the
 * outcome is unknown, such as a timeout).
 */
public record PublishOutcome(Confirm confirm, Throwable failure) {

  public PublishOutcome {
    if ((confirm == null) == (failure == null)) {
      throw new IllegalArgumentException(
          "an outcome is a confirm or a failure, not both or neither");
    }
  }

  public static PublishOutcome confirmed(Confirm confirm) {
    return new PublishOutcome(Objects.requireNonNull(confirm), null);
  }

  public static PublishOutcome failed(Throwable failure) {
    return new PublishOutcome(null, Objects.requireNonNull(failure));
  }
}
