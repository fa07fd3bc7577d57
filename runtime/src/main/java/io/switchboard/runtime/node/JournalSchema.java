package io.switchboard.runtime.node;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

/**
 * Creates the journal and snapshot tables when they are missing. Idempotent; retried because
 * nodes starting together may race on the same PostgreSQL database.
 */
public final class JournalSchema {
  private static final int ATTEMPTS = 5;
  private static final Duration BETWEEN_ATTEMPTS = Duration.ofSeconds(1);

  private JournalSchema() {}

  /** Creates the tables of the configured journal if needed. */
  public static CompletionStage<Done> createIfMissing(ActorSystem<?> system) {
    return Patterns.retry(
        () -> SchemaUtils.createIfNotExists(
            system.settings().config().getString("switchboard.schema-config"), system),
        ATTEMPTS,
        BETWEEN_ATTEMPTS,
        system.classicSystem().scheduler(),
        system.executionContext());
  }
}
