package io.switchboard.runtime.grpc;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks the dead letters a ReplayDeadLetters call chose by id, as the HTTP replay does. */
final class DeadLetterChoice {
  private DeadLetterChoice() {}

  /** Returns the chosen ids, once each; refuses ids with a max, too many, or an empty one. */
  static Set<String> ids(List<String> ids, int max, int most) {
    if (max != 0) {
      throw invalid("give either ids or max, not both");
    }
    if (ids.size() > most) {
      throw invalid(
          "ids must name 1 to "
              + most
              + " dead letters (switchboard.grpc.max-batch), got "
              + ids.size());
    }
    if (ids.stream().anyMatch(String::isEmpty)) {
      throw invalid("ids must be message ids, got an empty one");
    }
    return new LinkedHashSet<>(ids);
  }

  private static SwitchboardException invalid(String message) {
    return new SwitchboardException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
