package io.switchboard.runtime.bench;

import io.switchboard.ErrorCode;
import io.switchboard.Switchboard;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.Receipt;
import io.switchboard.message.Message;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Benchmarks the library in this JVM: a single local node with its journal in a temporary
 * directory.
 */
public final class LibraryBenchTarget implements BenchTarget {
  private final SwitchboardNode node;
  private final Switchboard switchboard;

  LibraryBenchTarget(SwitchboardNode node) {
    this.node = node;
    this.switchboard = Switchboard.get(node.system());
  }

  /** Starts a local node (HTTP on a free port) and waits until it is ready. */
  public static LibraryBenchTarget start(Path dataDir) throws Exception {
    Path dir = dataDir != null ? dataDir : Files.createTempDirectory("switchboard-bench");
    NodeSettings settings =
        NodeSettings.defaults()
            .withDataDir(dir)
            .withHttpPort(0)
            .withGrpcPort(0)
            .withManagementPort(0);
    SwitchboardNode node =
        SwitchboardNode.start(NodeConfig.load(settings)).toCompletableFuture().join();
    node.ready().toCompletableFuture().join();
    return new LibraryBenchTarget(node);
  }

  @Override
  public boolean prepare(BenchSettings settings, String group) {
    boolean created =
        ignoreExisting(
            () ->
                switchboard
                    .createTopic(
                        TopicConfig.of(settings.topic())
                            .withPartitions(settings.partitions())
                            .withDurable(settings.durable()))
                    .toCompletableFuture()
                    .join(),
            ErrorCode.TOPIC_EXISTS);
    ignoreExisting(
        () ->
            switchboard
                .createGroup(settings.topic(), group, GroupConfig.DEFAULT)
                .toCompletableFuture()
                .join(),
        ErrorCode.GROUP_EXISTS);
    return created;
  }

  @Override
  public void deleteTopic(String topic) {
    switchboard.deleteTopic(topic).toCompletableFuture().join();
  }

  @Override
  public void publish(String topic, byte[] payload, long sentNanos) {
    Message message =
        Message.builder(topic)
            .payload(payload)
            .header(SENT_HEADER, Long.toString(sentNanos))
            .build();
    switchboard.publish(message).toCompletableFuture().join();
  }

  @Override
  public List<Received> pull(String topic, String group, int max, Duration wait) {
    List<Delivery> deliveries =
        switchboard.pull(topic, group, max, wait).toCompletableFuture().join();
    List<Received> received = new ArrayList<>(deliveries.size());
    for (Delivery delivery : deliveries) {
      received.add(
          new Received(
              delivery.receipt().encode(),
              Long.parseLong(delivery.message().headers().getOrDefault(SENT_HEADER, "0"))));
    }
    return received;
  }

  @Override
  public void ack(String topic, String group, List<String> receipts) {
    switchboard
        .ack(topic, group, receipts.stream().map(Receipt::parse).toList())
        .toCompletableFuture()
        .join();
  }

  @Override
  public void close() {
    node.stop().toCompletableFuture().join();
  }

  /** Runs {@code create}; returns false when it found the thing existing already. */
  private static boolean ignoreExisting(Runnable create, ErrorCode exists) {
    try {
      create.run();
      return true;
    } catch (CompletionException e) {
      if (!(e.getCause() instanceof SwitchboardException refused && refused.code() == exists)) {
        throw e;
      }
      return false;
    }
  }
}
