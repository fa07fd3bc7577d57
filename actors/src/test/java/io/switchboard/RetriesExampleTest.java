package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.examples.RetriesExample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs docs/examples' RetriesExample, which the embedding guide quotes, on a real node. */
class RetriesExampleTest {
  @TempDir static Path dataDir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node = new TestNode(dataDir);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void exampleRoutesRetriesDeadLettersReplaysAndShowsErrors() {
    RetriesExample.Summary summary =
        RetriesExample.run(node.switchboard(), new PrintStream(new ByteArrayOutputStream()));

    assertThat(summary.routedTo()).containsExactly("tool-calls");
    assertThat(summary.attempts()).isEqualTo(List.of(1, 2, 1));
    assertThat(summary.deadLetterReason())
        .isEqualTo("after 2 attempts: nacked on its last attempt");
    assertThat(summary.replayed()).isEqualTo(1);
    assertThat(summary.acked()).isEqualTo(1);
    assertThat(summary.unknownTopic()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
    assertThat(summary.tooLarge()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    assertThat(summary.retryAfter()).isEqualTo(Duration.ofSeconds(1));
  }
}
