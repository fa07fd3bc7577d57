package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.examples.EmbeddedExample;
import io.switchboard.internal.journal.StoredEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs docs/examples' EmbeddedExample, so the code the embedding guide quotes keeps working. */
class EmbeddedExampleTest {
  @TempDir Path dataDir;

  @Test
  void examplePublishesConsumesAndRunsWorkers() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    var config =
        ConfigFactory.parseString("pekko.cluster.jmx.multi-mbeans-in-same-jvm = on")
            .withFallback(EmbeddedExample.config(dataDir));

    EmbeddedExample.Summary summary =
        EmbeddedExample.run(config, 20, new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(summary.published()).isEqualTo(20);
    assertThat(summary.consumed()).isEqualTo(20);
    assertThat(summary.handledByWorkers()).isEqualTo(20);
    assertThat(summary.ackedByStream()).isGreaterThanOrEqualTo(20);
    assertThat(summary.ackedByWorkers()).isGreaterThanOrEqualTo(20);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("published 20 messages", "workers handled 20 messages");
  }

  @Test
  void exampleKeepsItsJournalInTheGivenDirectory() {
    EmbeddedExample.run(
        ConfigFactory.parseString("pekko.cluster.jmx.multi-mbeans-in-same-jvm = on")
            .withFallback(EmbeddedExample.config(dataDir)),
        1,
        new PrintStream(new ByteArrayOutputStream()));

    assertThat(StoredEvents.manifests(dataDir.resolve("journal-rocksdb"), "switchboard-partition|"))
        .isNotEmpty();
  }
}
