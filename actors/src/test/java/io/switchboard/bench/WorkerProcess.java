package io.switchboard.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The second node of a two-node benchmark: a JVM of its own (same classpath) that joins the
 * benchmark's cluster over Artery and runs its workers, so that requests, deliveries, chunks and
 * reads cross the wire. Both nodes share a PostgreSQL journal. Stops when its stdin closes.
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;

  private WorkerProcess(Process process) {
    this.process = process;
  }

  /** The journal both nodes share: PostgreSQL at {@code url} (tables made at start). */
  static Config sharedJournal(String url) {
    return ConfigFactory.parseString(
        "pekko.persistence.journal.plugin = jdbc-journal\n"
            + "pekko.persistence.snapshot-store.plugin = jdbc-snapshot-store\n"
            + "pekko.loglevel = WARNING\n"
            + "pekko-persistence-jdbc.shared-databases.slick {\n"
            + "  profile = \"slick.jdbc.PostgresProfile$\"\n"
            + "  db { url = \""
            + url
            + "\", user = postgres, password = \"\", driver = org.postgresql.Driver,"
            + " numThreads = 8, maxConnections = 8, minConnections = 8 }\n"
            + "}\n");
  }

  /**
   * Starts the worker JVM with {@code args} (key=value, role=worker added) and waits for it to say
   * its workers are subscribed.
   */
  static WorkerProcess start(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms512m");
    command.add("-Xmx1g");
    command.add("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RequestBurstBenchmark.class.getName());
    command.add("role=worker");
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      System.out.println("  worker node: " + line);
      if (line.startsWith("workers ready")) {
        Thread echo =
            new Thread(
                () -> {
                  try {
                    String more;
                    while ((more = out.readLine()) != null) {
                      System.out.println("  worker node: " + more);
                    }
                  } catch (IOException gone) {
                    // the worker node ended
                  }
                },
                "worker-node-output");
        echo.setDaemon(true);
        echo.start();
        return new WorkerProcess(process);
      }
    }
    throw new IOException("the worker node ended before it was ready: " + process.waitFor());
  }

  /** Returns the worker JVM's CPU time (user + kernel) from /proc, in nanoseconds. */
  long cpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // clock ticks of 10 ms (USER_HZ 100 on Linux)
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** CPU ticks of each live thread of the worker JVM ({@link ProcessCpu#threadTicks(String)}). */
  java.util.Map<String, Long> threadTicks() {
    return ProcessCpu.threadTicks(Long.toString(process.pid()));
  }

  /** Blocks until stdin closes: the parent benchmark is done. */
  static void awaitParentGone() throws IOException {
    while (System.in.read() >= 0) {
      // nothing is sent: only the end matters
    }
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException interrupted) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
