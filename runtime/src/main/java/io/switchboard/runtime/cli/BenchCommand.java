package io.switchboard.runtime.cli;

import io.switchboard.runtime.bench.BenchRun;
import io.switchboard.runtime.bench.BenchSettings;
import io.switchboard.runtime.bench.BenchTarget;
import io.switchboard.runtime.bench.GrpcBenchTarget;
import io.switchboard.runtime.bench.HttpBenchTarget;
import io.switchboard.runtime.bench.LibraryBenchTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: producers and consumers against a node over gRPC (default) or HTTP, or the library
 * in-process.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Load-test Switchboard: throughput and p50/p95/p99/max latency, a progress line each second.",
      "Example: bench --grpc 127.0.0.1:7070 --size 1024 --rate 0 --producers 1 --consumers 1 --window 100 --duration 30s"
    })
public final class BenchCommand implements Callable<Integer> {

  /** At most one target; none means gRPC on 127.0.0.1:7070. */
  static final class Target {
    @Option(
        names = "--grpc",
        paramLabel = "HOST:PORT",
        description =
            "A running node's gRPC address (default 127.0.0.1:7070 when no target is given).")
    String grpc;

    @Option(
        names = "--url",
        paramLabel = "URL",
        description = "Base URL of a running node's HTTP API.")
    URI url;

    @Option(
        names = "--in-process",
        description = "Start a local node in this JVM and call the library directly.")
    boolean inProcess;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Target target;

  @Option(
      names = "--window",
      defaultValue = "100",
      description =
          "gRPC: publishes each producer keeps unconfirmed, "
              + "and each consumer's credit (default ${DEFAULT-VALUE}). HTTP and in-process wait for each publish.")
  int window;

  @Option(
      names = "--topic",
      description =
          "Topic to use, created if missing (default: bench-<time>); a topic the bench "
              + "created is deleted at the end.")
  String topic;

  @Option(
      names = "--size",
      defaultValue = "1024",
      description = "Payload bytes per message (default ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Messages per second over all producers; 0 = as fast as possible (default).")
  int rate;

  @Option(
      names = "--transient",
      description = "Use a transient (in-memory) topic instead of a durable one.")
  boolean transientTopic;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions of the topic (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--producers",
      defaultValue = "4",
      description =
          "Producer threads; over gRPC each is a connection "
              + "with --window publishes in flight (default ${DEFAULT-VALUE}).")
  int producers;

  @Option(
      names = "--consumers",
      defaultValue = "2",
      description =
          "Consumer threads acking what they get; over gRPC "
              + "each is a connection with one Consume stream (default ${DEFAULT-VALUE}).")
  int consumers;

  @Option(
      names = "--duration",
      defaultValue = "PT30S",
      converter = DurationConverter.class,
      description = "How long producers run, like 30s, 2m or PT30S (default 30s).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "PT0S",
      converter = DurationConverter.class,
      description =
          "How long producers and consumers run before counting starts, like 10s (default 0): a fresh JVM "
              + "spends its first seconds compiling, on both sides.")
  Duration warmup;

  @Option(
      names = "--pull-max",
      defaultValue = "100",
      description = "Deliveries per pull (default ${DEFAULT-VALUE}).")
  int pullMax;

  @Option(
      names = "--token",
      defaultValue = "${env:SWITCHBOARD_TOKEN}",
      description =
          "Bearer token for a node with "
              + "switchboard.auth on, sent over gRPC and HTTP (default: $SWITCHBOARD_TOKEN).")
  String token;

  @Option(
      names = "--data-dir",
      description = "Journal directory for --in-process (default: a temporary one).")
  Path dataDir;

  private BenchTarget target() throws Exception {
    if (target != null && target.inProcess) {
      return LibraryBenchTarget.start(dataDir);
    }
    if (target != null && target.url != null) {
      return new HttpBenchTarget(target.url, token == null ? "" : token);
    }
    String address = target != null && target.grpc != null ? target.grpc : "127.0.0.1:7070";
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--grpc must be HOST:PORT, got " + address);
    }
    return new GrpcBenchTarget(
        address.substring(0, colon),
        Integer.parseInt(address.substring(colon + 1)),
        window,
        token == null ? "" : token);
  }

  @Override
  public Integer call() throws Exception {
    BenchSettings settings =
        new BenchSettings(
            topic != null ? topic : "bench-" + System.currentTimeMillis(),
            size,
            rate,
            !transientTopic,
            partitions,
            producers,
            consumers,
            duration,
            Duration.ofSeconds(10),
            pullMax,
            window,
            warmup);
    try (BenchTarget bench = target()) {
      BenchRun run = new BenchRun(settings, bench, System.out);
      // Ctrl-C skips the run's finally: delete the topic the run created from a hook as well
      Thread hook = new Thread(run::cleanUp, "bench-clean-up");
      Runtime.getRuntime().addShutdownHook(hook);
      run.run();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return 0;
  }
}
