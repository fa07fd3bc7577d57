package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.examples.EmbeddedExample;
import io.switchboard.examples.RequestExample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs docs/examples' RequestExample, so the code the guides quote keeps working. */
class RequestExampleTest {
  @TempDir Path dataDir;

  @Test
  void exampleStreamsTheAnswerAndReattachesAfterACursor() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    var config =
        ConfigFactory.parseString("pekko.cluster.jmx.multi-mbeans-in-same-jvm = on")
            .withFallback(EmbeddedExample.config(dataDir));

    RequestExample.Summary summary =
        RequestExample.run(config, new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(summary.answer())
        .containsExactly("tell", "me", "about", "message", "fabrics", "(5 words)");
    assertThat(summary.afterCursor()).containsExactly("about", "message", "fabrics", "(5 words)");
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("6 (final) (5 words)");
  }
}
