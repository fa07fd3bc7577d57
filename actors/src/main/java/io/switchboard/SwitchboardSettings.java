package io.switchboard;

import com.typesafe.config.Config;
import io.switchboard.internal.request.RequestSettings;
import io.switchboard.message.MessageLimits;
import io.switchboard.priority.PrioritySettings;
import io.switchboard.settings.CheckedConfig;
import io.switchboard.settings.RestartBackoff;
import io.switchboard.topic.TopicConfig;
import java.time.Duration;

/**
 * The {@code switchboard} block, read once when Switchboard starts into typed values, each checked
 * against its range (a bad value stops the start with the key, its origin and the range); the
 * engines take these values instead of reading the config where they use it. The comment of each
 * key and its default are in reference.conf and docs/configuration.md.
 *
 * @param askTimeout how long an API call waits for the cluster ({@code ask-timeout})
 * @param startupTimeout how long {@code ready()} asks the registry ({@code startup-timeout})
 * @param createSchema whether the journal tables are created at start ({@code create-schema})
 * @param failFast {@code publish-fail-fast}
 * @param limits {@code limits}, with the priority bands of {@code priority}
 * @param topicDefaults {@code topic-defaults}, as a topic named {@value #TOPIC_DEFAULTS_NAME}
 * @param deadLetters {@code dead-letters}
 * @param maxBatchMessages {@code partition.max-batch-messages}: also the publish flow's batch
 * @param maxBatchBytes {@code partition.max-batch-bytes}
 * @param loadReportInterval {@code partition.load-report-interval}
 * @param consumer {@code consumer}
 * @param pull {@code pull}
 * @param workerKeepAlive {@code workers.keep-alive-interval}
 * @param requests {@code requests}
 * @param registryRestart {@code registry.restart-backoff}
 */
public record SwitchboardSettings(
    Duration askTimeout,
    Duration startupTimeout,
    boolean createSchema,
    FailFast failFast,
    MessageLimits limits,
    TopicConfig topicDefaults,
    DeadLetters deadLetters,
    int maxBatchMessages,
    long maxBatchBytes,
    Duration loadReportInterval,
    Consumer consumer,
    Pull pull,
    Duration workerKeepAlive,
    RequestSettings requests,
    RestartBackoff registryRestart) {

  /** The name of the {@link #topicDefaults} template; a topic gets its own name from it. */
  public static final String TOPIC_DEFAULTS_NAME = "topic-defaults";

  /** The longest join-wait accepted: a pull waits it even when it asks not to wait. */
  public static final Duration MAX_JOIN_WAIT = Duration.ofSeconds(10);

  /** The longest duration any of these settings takes (a longer one is a typo for a shorter). */
  static final Duration LONGEST = Duration.ofDays(365);

  /**
   * {@code publish-fail-fast}: a publish unanswered for {@code after} (0: off) while a member is
   * unreachable fails, suggesting {@code retryAfter}.
   */
  public record FailFast(Duration after, Duration retryAfter) {}

  /** {@code dead-letters}: what a new topic's dead-letter topic keeps. */
  public record DeadLetters(Duration retention, int backlogLimit) {}

  /**
   * {@code consumer}: how a stream consumer keeps its subscriptions and how it stops, and when a
   * group's balancer without load reports stops.
   */
  public record Consumer(
      Duration heartbeatInterval, Duration stopGrace, Duration balancerPassivateAfter) {}

  /** {@code pull}: a node's pull consumers and the largest pull. */
  public record Pull(
      int prefetch, Duration bufferMaxAge, Duration joinWait, Duration maxWait, int maxMessages) {}

  /** Reads the {@code switchboard} block of {@code root}, a system's full config. */
  public static SwitchboardSettings fromConfig(Config root) {
    CheckedConfig sb = CheckedConfig.of(root, "switchboard");
    CheckedConfig failFast = sb.block("publish-fail-fast");
    CheckedConfig deadLetters = sb.block("dead-letters");
    CheckedConfig partition = sb.block("partition");
    CheckedConfig consumer = sb.block("consumer");
    CheckedConfig pull = sb.block("pull");
    return new SwitchboardSettings(
        sb.positive("ask-timeout"),
        sb.positive("startup-timeout"),
        sb.flag("create-schema"),
        new FailFast(
            failFast.duration("after", Duration.ZERO, LONGEST),
            failFast.duration("retry-after", Duration.ZERO, LONGEST)),
        MessageLimits.fromConfig(sb.block("limits").config())
            .withPriority(PrioritySettings.fromConfig(sb.config())),
        TopicConfig.of(TOPIC_DEFAULTS_NAME, sb.block("topic-defaults").config()),
        new DeadLetters(
            deadLetters.duration("retention", Duration.ZERO, TopicConfig.MAX_RETENTION),
            deadLetters.intIn("backlog-limit", 1, TopicConfig.MAX_BACKLOG_LIMIT)),
        partition.intIn("max-batch-messages", 1, Integer.MAX_VALUE),
        partition.bytes("max-batch-bytes", 1, Integer.MAX_VALUE),
        partition.positive("load-report-interval"),
        new Consumer(
            consumer.positive("heartbeat-interval"),
            consumer.duration("stop-grace", Duration.ZERO, LONGEST),
            consumer.positive("balancer-passivate-after")),
        new Pull(
            pull.intIn("prefetch", 1, Integer.MAX_VALUE),
            pull.positive("buffer-max-age"),
            pull.duration("join-wait", Duration.ZERO, MAX_JOIN_WAIT),
            pull.duration("max-wait", Duration.ZERO, LONGEST),
            pull.intIn("max-messages", 1, Integer.MAX_VALUE)),
        sb.positive("workers.keep-alive-interval"),
        RequestSettings.fromConfig(sb.block("requests").config()),
        RestartBackoff.fromConfig(sb.block("registry")));
  }

  /** Returns a topic config named {@code name} with these {@code topic-defaults}. */
  public TopicConfig topicDefaults(String name) {
    return topicDefaults.withName(name);
  }
}
