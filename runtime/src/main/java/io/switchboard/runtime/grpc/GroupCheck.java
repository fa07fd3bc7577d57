package io.switchboard.runtime.grpc;

import io.switchboard.ErrorCode;
import io.switchboard.Switchboard;
import io.switchboard.SwitchboardException;
import io.switchboard.message.Names;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Checks a subscription's names, topic and group before a consumer joins, so a refusal says which.
 */
final class GroupCheck {
  private GroupCheck() {}

  /**
   * Returns the topic's partition count, or fails with INVALID_NAME, UNKNOWN_TOPIC or
   * UNKNOWN_GROUP.
   */
  static CompletionStage<Integer> partitions(Switchboard switchboard, String topic, String group) {
    try {
      Names.requireTopic(topic);
      Names.requireGroup(group);
    } catch (SwitchboardException e) {
      return CompletableFuture.failedFuture(e);
    }
    var executor = switchboard.system().executionContext();
    return switchboard
        .describeTopic(topic)
        .thenComposeAsync(
            config -> {
              if (config.isEmpty()) {
                throw new SwitchboardException(
                    ErrorCode.UNKNOWN_TOPIC, "no topic named '" + topic + "'");
              }
              return switchboard
                  .listGroups(topic)
                  .thenApplyAsync(
                      groups -> {
                        if (!groups.containsKey(group)) {
                          throw new SwitchboardException(
                              ErrorCode.UNKNOWN_GROUP,
                              "topic '" + topic + "' has no group named '" + group + "'");
                        }
                        return config.get().partitions();
                      },
                      executor);
            },
            executor);
  }
}
