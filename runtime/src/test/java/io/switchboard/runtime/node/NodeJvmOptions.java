package io.switchboard.runtime.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JVM options that make the ITs' node processes start faster without changing what they run. The
 * ITs start a node JVM about thirty times; most of each start is class loading and JIT compilation
 * of Pekko, and a node lives one to two minutes, too short for the C2 compiler to pay for itself.
 * So each node loads its classes from a class data archive (AppCDS) that the first node start of
 * the run writes, and compiles with C1 only. The code, the configuration and the timings of the
 * cluster are the node's own: only the JVM's start-up work shrinks. {@code
 * -Dswitchboard.it.fast-start=false} runs the nodes with the JVM's defaults, as an operator would.
 */
final class NodeJvmOptions {
  private static final boolean FAST_START =
      Boolean.parseBoolean(System.getProperty("switchboard.it.fast-start", "true"));

  private static Path archive;
  private static boolean archiveTried;

  private NodeJvmOptions() {}

  /** Returns the options to put before {@code -jar} when starting {@code jar}. */
  static synchronized List<String> forJar(Path jar) {
    List<String> options = new ArrayList<>();
    if (!FAST_START) {
      return options;
    }
    // C1 only: a few seconds of compiler threads saved per start, on two cores shared by three
    // nodes
    options.add("-XX:TieredStopAtLevel=1");
    Path shared = archive(jar);
    if (shared != null) {
      // Xshare:auto (the default) falls back to loading from the jar if the archive does not match
      options.add("-XX:SharedArchiveFile=" + shared);
    }
    return options;
  }

  /** Returns the class data archive of {@code jar}, written once per build of the jar, or null. */
  private static Path archive(Path jar) {
    if (archiveTried) {
      return archive;
    }
    archiveTried = true;
    Path target = jar.toAbsolutePath().resolveSibling(jar.getFileName() + ".jsa");
    try {
      if (!Files.exists(target)
          || Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(jar)) < 0) {
        write(jar.toAbsolutePath(), target);
      }
      archive = target;
    } catch (IOException | RuntimeException e) {
      System.out.println("NodeJvmOptions: nodes start without a class data archive: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return archive;
  }

  /**
   * Starts one throwaway single node until it is ready and stops it with SIGTERM: the JVM writes
   * the classes it loaded to the archive as it exits (JDK 13+ dynamic archive).
   */
  private static void write(Path jar, Path target) throws IOException, InterruptedException {
    long began = System.nanoTime();
    Path work = Files.createTempDirectory(jar.getParent(), "class-archive");
    Path partial = work.resolve("partial.jsa");
    Path log = work.resolve("node.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx384m",
                "-XX:ArchiveClassesAtExit=" + partial,
                "-jar",
                jar.toString(),
                "node",
                "--http-port",
                "0",
                "--management-port",
                "0",
                "--grpc-port",
                "0",
                "--data-dir",
                work.resolve("data").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.readString(log).contains("Switchboard node ready")) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IOException("the archiving node did not get ready, see " + log);
        }
        // polling a log file a child process writes: nothing to wait on but time
        process.waitFor(200, TimeUnit.MILLISECONDS);
      }
      process.destroy();
      if (!process.waitFor(120, TimeUnit.SECONDS) || !Files.exists(partial)) {
        throw new IOException("the archiving node wrote no archive, see " + log);
      }
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      System.out.printf(
          "NodeJvmOptions: class data archive %s written in %d ms%n",
          target, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    } finally {
      process.destroyForcibly();
    }
  }
}
