package io.switchboard.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Runs short benchmarks over both targets; checks they report, never how fast they were. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchRunTest {
  SwitchboardNode node;

  @BeforeAll
  void start(@TempDir Path dir) {
    NodeSettings settings = NodeSettings.defaults().withDataDir(dir).withHttpPort(0).withManagementPort(0);
    node = SwitchboardNode.start(NodeConfig.load(settings)).toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }
  }

  private static BenchSettings settings(String topic, boolean durable) {
    return new BenchSettings(topic, 256, 200, durable, 2, 2, 1, Duration.ofSeconds(2), Duration.ofSeconds(20), 50);
  }

  @Test
  void benchmarksANodeOverHttp() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    URI url = URI.create("http://127.0.0.1:" + node.httpAddress().getPort());
    BenchResult result = new BenchRun(settings("bench-http", true), new HttpBenchTarget(url),
        new PrintStream(out, true, StandardCharsets.UTF_8)).run();
    assertThat(result.confirmed()).isPositive();
    assertThat(result.consumed()).isEqualTo(result.confirmed());
    assertThat(result.errors()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("bench summary", "publish -> delivery  p50");
  }

  @Test
  void benchmarksTheLibraryInProcess() throws Exception {
    BenchResult result = new BenchRun(settings("bench-lib", false), new LibraryBenchTarget(node),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
    assertThat(result.confirmed()).isPositive();
    assertThat(result.consumed()).isEqualTo(result.confirmed());
  }
}
