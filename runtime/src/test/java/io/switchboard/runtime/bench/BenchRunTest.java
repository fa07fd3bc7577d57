package io.switchboard.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Switchboard;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.topic.TopicConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    NodeSettings settings =
        NodeSettings.defaults()
            .withDataDir(dir)
            .withHttpPort(0)
            .withGrpcPort(0)
            .withManagementPort(0);
    node =
        SwitchboardNode.start(NodeConfig.load(settings))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }
  }

  /** One second at 200 msgs/s: some 200 messages each way are enough to check the counts. */
  private static BenchSettings settings(String topic, boolean durable) {
    return new BenchSettings(
        topic, 256, 200, durable, 2, 2, 1, Duration.ofSeconds(1), Duration.ofSeconds(20), 50);
  }

  @Test
  void benchmarksANodeOverHttp() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BenchResult result =
        new BenchRun(
                settings("bench-http", true),
                new HttpBenchTarget(httpUrl()),
                new PrintStream(out, true, StandardCharsets.UTF_8))
            .run();
    assertThat(result.confirmed()).isPositive();
    assertThat(result.consumed()).isEqualTo(result.confirmed());
    assertThat(result.errors()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("bench summary", "publish -> delivery  p50", "bench: deleted topic bench-http");
    assertThat(topicExists("bench-http")).isFalse();
  }

  @Test
  void countsOnlyWhatHappensAfterTheWarmUp() throws Exception {
    BenchSettings warm =
        new BenchSettings(
            "bench-warm",
            256,
            200,
            false,
            1,
            1,
            1,
            Duration.ofSeconds(1),
            Duration.ofSeconds(20),
            50,
            1,
            Duration.ofSeconds(1));
    CountingPublishes counting =
        new CountingPublishes(new LibraryBenchTarget(node), new AtomicLong());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BenchResult result =
        new BenchRun(warm, counting, new PrintStream(out, true, StandardCharsets.UTF_8)).run();

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("bench: warm-up over after 1s, measuring");
    assertThat(result.confirmed()).isPositive().isLessThan(counting.published().get());
    assertThat(result.publishLatency().getTotalCount()).isLessThan(counting.published().get());
  }

  @Test
  void deletesItsTopicAlsoWhenTheRunFails() throws Exception {
    HttpBenchTarget http = new HttpBenchTarget(httpUrl());
    BenchTarget failing = new FailingPublishes(http);
    BenchResult result =
        new BenchRun(
                settings("bench-failing", true),
                failing,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .run();
    assertThat(result.errors()).isPositive();
    assertThat(topicExists("bench-failing")).isFalse();
  }

  @Test
  void keepsATopicItDidNotCreate() throws Exception {
    Switchboard.get(node.system())
        .createTopic(TopicConfig.of("bench-mine"))
        .toCompletableFuture()
        .join();
    new BenchRun(
            settings("bench-mine", true),
            new HttpBenchTarget(httpUrl()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .run();
    assertThat(topicExists("bench-mine")).isTrue();
  }

  private URI httpUrl() {
    return URI.create("http://127.0.0.1:" + node.httpAddress().getPort());
  }

  private boolean topicExists(String topic) {
    return Switchboard.get(node.system())
        .describeTopic(topic)
        .toCompletableFuture()
        .join()
        .isPresent();
  }

  /** A target that counts the publishes it made. */
  private record CountingPublishes(BenchTarget target, AtomicLong published)
      implements BenchTarget {
    @Override
    public boolean prepare(BenchSettings settings, String group) throws Exception {
      return target.prepare(settings, group);
    }

    @Override
    public void deleteTopic(String topic) throws Exception {
      target.deleteTopic(topic);
    }

    @Override
    public void publish(String topic, byte[] payload, long sentNanos) throws Exception {
      target.publish(topic, payload, sentNanos);
      published.incrementAndGet();
    }

    @Override
    public List<Received> pull(String topic, String group, int max, Duration wait)
        throws Exception {
      return target.pull(topic, group, max, wait);
    }

    @Override
    public void ack(String topic, String group, List<String> receipts) throws Exception {
      target.ack(topic, group, receipts);
    }

    @Override
    public void close() {
      target.close();
    }
  }

  /** A target whose publishes all fail after the topic was created. */
  private record FailingPublishes(BenchTarget target) implements BenchTarget {
    @Override
    public boolean prepare(BenchSettings settings, String group) throws Exception {
      return target.prepare(settings, group);
    }

    @Override
    public void deleteTopic(String topic) throws Exception {
      target.deleteTopic(topic);
    }

    @Override
    public void publish(String topic, byte[] payload, long sentNanos) {
      throw new IllegalStateException("publishing fails in this test");
    }

    @Override
    public List<Received> pull(String topic, String group, int max, Duration wait)
        throws Exception {
      return target.pull(topic, group, max, wait);
    }

    @Override
    public void ack(String topic, String group, List<String> receipts) throws Exception {
      target.ack(topic, group, receipts);
    }

    @Override
    public void close() {
      target.close();
    }
  }

  @Test
  void benchmarksTheLibraryInProcess() throws Exception {
    BenchResult result =
        new BenchRun(
                settings("bench-lib", false),
                new LibraryBenchTarget(node),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .run();
    assertThat(result.confirmed()).isPositive();
    assertThat(result.consumed()).isEqualTo(result.confirmed());
  }
}
