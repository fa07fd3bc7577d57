package io.switchboard.runtime.cli;

import io.switchboard.runtime.bench.BenchRun;
import io.switchboard.runtime.bench.BenchSettings;
import io.switchboard.runtime.bench.BenchTarget;
import io.switchboard.runtime.bench.HttpBenchTarget;
import io.switchboard.runtime.bench.LibraryBenchTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: producers and consumers against a node's HTTP API or the library in-process. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {
      "Load-test Switchboard: throughput and p50/p95/p99/max latency, a progress line each second.",
      "Example: bench --url http://127.0.0.1:8080 --size 1024 --rate 0 --producers 8 --consumers 4 --duration 30s"
    })
public final class BenchCommand implements Callable<Integer> {

  /** Exactly one target. */
  static final class Target {
    @Option(names = "--url", paramLabel = "URL", description = "Base URL of a running node's HTTP API.")
    URI url;

    @Option(names = "--in-process", description = "Start a local node in this JVM and call the library directly.")
    boolean inProcess;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(names = "--topic", description = "Topic to use, created if missing (default: bench-<time>); a topic the bench "
      + "created is deleted at the end.")
  String topic;

  @Option(names = "--size", defaultValue = "1024", description = "Payload bytes per message (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--rate", defaultValue = "0", description = "Messages per second over all producers; 0 = as fast as possible (default).")
  int rate;

  @Option(names = "--transient", description = "Use a transient (in-memory) topic instead of a durable one.")
  boolean transientTopic;

  @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the topic (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--producers", defaultValue = "4", description = "Producer threads, one publish in flight each (default ${DEFAULT-VALUE}).")
  int producers;

  @Option(names = "--consumers", defaultValue = "2", description = "Consumer threads pulling and acking (default ${DEFAULT-VALUE}).")
  int consumers;

  @Option(names = "--duration", defaultValue = "PT30S", converter = DurationConverter.class,
      description = "How long producers run, like 30s, 2m or PT30S (default 30s).")
  Duration duration;

  @Option(names = "--pull-max", defaultValue = "100", description = "Deliveries per pull (default ${DEFAULT-VALUE}).")
  int pullMax;

  @Option(names = "--data-dir", description = "Journal directory for --in-process (default: a temporary one).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    BenchSettings settings = new BenchSettings(
        topic != null ? topic : "bench-" + System.currentTimeMillis(), size, rate, !transientTopic,
        partitions, producers, consumers, duration, Duration.ofSeconds(10), pullMax);
    try (BenchTarget bench = target.inProcess ? LibraryBenchTarget.start(dataDir) : new HttpBenchTarget(target.url)) {
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
