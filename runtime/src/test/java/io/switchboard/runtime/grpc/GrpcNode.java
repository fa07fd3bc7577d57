package io.switchboard.runtime.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.switchboard.protocol.v1.CreateGroupRequest;
import io.switchboard.protocol.v1.CreateTopicRequest;
import io.switchboard.protocol.v1.Error;
import io.switchboard.protocol.v1.GetTopicStatsRequest;
import io.switchboard.protocol.v1.Group;
import io.switchboard.protocol.v1.GroupStats;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import io.switchboard.protocol.v1.Topic;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.testing.QuickStop;
import io.switchboard.testing.ScratchDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single node for the gRPC tests (local profile, free ports) and a plaintext channel to it.
 */
final class GrpcNode implements AutoCloseable {
  private final Path dir;
  private final SwitchboardNode node;
  private final ManagedChannel channel;

  private GrpcNode(Path dir, SwitchboardNode node) {
    this.dir = dir;
    this.node = node;
    this.channel = channel();
  }

  /**
   * Starts a node with {@code hocon} as its --config file (after {@link QuickStop}) and waits until
   * it is ready.
   */
  static GrpcNode start(String... hocon) {
    try {
      Path dir = Files.createTempDirectory("switchboard-grpc-test");
      Files.writeString(dir.resolve("test.conf"), QuickStop.CONFIG + String.join("\n", hocon));
      return startIn(dir, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops this node (its data stays) and starts another on the same journal directory, config and
   * gRPC port (clients reconnect to it), other ports free; this one's channel is closed: use the
   * returned node.
   */
  GrpcNode restart() {
    int grpcPort = port();
    channel.shutdownNow();
    node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    return startIn(dir, grpcPort);
  }

  private static GrpcNode startIn(Path dir, int grpcPort) {
    Path config = dir.resolve("test.conf");
    NodeSettings settings =
        new NodeSettings(
            List.of("local"),
            Optional.of(config),
            Optional.of(0),
            Optional.of(dir.resolve("data")),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(0),
            Optional.of(grpcPort));
    SwitchboardNode node =
        SwitchboardNode.start(NodeConfig.load(settings))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    return new GrpcNode(dir, node);
  }

  /** Returns a new channel to the node (each one is its own HTTP/2 connection). */
  ManagedChannel channel() {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port()).usePlaintext().build();
  }

  int port() {
    return node.grpcAddress().getPort();
  }

  /** Returns the directory of the node's journal (kept across {@link #restart()}). */
  Path dataDir() {
    return dir.resolve("data");
  }

  SwitchboardNode node() {
    return node;
  }

  SwitchboardGrpc.SwitchboardBlockingStub blocking() {
    return SwitchboardGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  SwitchboardGrpc.SwitchboardStub async() {
    return SwitchboardGrpc.newStub(channel);
  }

  /** Creates a topic and its groups over gRPC. */
  void createTopic(String name, int partitions, String... groups) {
    blocking()
        .createTopic(
            CreateTopicRequest.newBuilder()
                .setTopic(Topic.newBuilder().setName(name).setPartitions(partitions))
                .build());
    for (String group : groups) {
      blocking()
          .createGroup(
              CreateGroupRequest.newBuilder()
                  .setGroup(Group.newBuilder().setTopic(name).setName(group))
                  .build());
    }
  }

  /** Returns a group's numbers summed over the topic's partitions. */
  GroupStats groupStats(String topic, String group) {
    return blocking()
        .getTopicStats(GetTopicStatsRequest.newBuilder().setName(topic).build())
        .getGroupsList()
        .stream()
        .filter(g -> g.getGroup().equals(group))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Returns the value of a counter of the node's Prometheus metrics, 0 when it was never counted.
   */
  double counter(String name, String topic, String group) {
    return metric(name, "topic=\"" + topic + "\"", "group=\"" + group + "\"");
  }

  /**
   * Returns the sum of a metric's series whose labels include every {@code label="value"} given.
   */
  double metric(String name, String... labels) {
    String text;
    try {
      text =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + node.httpAddress().getPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return text.lines()
        .filter(line -> line.startsWith(name + "{") && Stream.of(labels).allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Asserts that {@code failure} has {@code status} and the stable {@code code} in its trailer. */
  static Error assertRefused(Throwable failure, io.grpc.Status.Code status, String code) {
    assertThat(failure).isInstanceOf(StatusRuntimeException.class);
    StatusRuntimeException refused = (StatusRuntimeException) failure;
    assertThat(refused.getStatus().getCode()).as(refused.toString()).isEqualTo(status);
    assertThat(refused.getTrailers()).isNotNull();
    Error error = refused.getTrailers().get(GrpcErrors.ERROR_KEY);
    assertThat(error).as("switchboard-error-bin of " + refused).isNotNull();
    assertThat(error.getCode()).as(error.getMessage()).isEqualTo(code);
    return error;
  }

  @Override
  public void close() throws IOException {
    channel.shutdownNow();
    node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    ScratchDirectory.delete(dir);
  }
}
