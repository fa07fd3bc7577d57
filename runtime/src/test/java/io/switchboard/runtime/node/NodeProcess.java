package io.switchboard.runtime.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A node started as its own JVM from switchboard.jar, as an operator would run it. */
final class NodeProcess {
  final String name;
  final int arteryPort;
  final int httpPort;
  final int managementPort;
  private final Path log;
  private Process process;

  NodeProcess(String name, Path logDir) throws IOException {
    this.name = name;
    this.arteryPort = freePort();
    this.httpPort = freePort();
    this.managementPort = freePort();
    this.log = logDir.resolve(name + ".log");
  }

  /**
   * Starts (or restarts) the JVM with {@code profiles} (cluster and postgres at least), {@code
   * seed} as seed node, and {@code jvmOptions} (system properties override the node's
   * configuration) before {@code -jar}.
   */
  void startInCluster(
      Path jar,
      String profiles,
      Path config,
      Path dataDir,
      String seed,
      Map<String, String> env,
      List<String> jvmOptions)
      throws IOException {
    start(
        jar,
        jvmOptions,
        List.of(
            "--profile",
            profiles,
            "--config",
            config.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(arteryPort),
            "--seed-nodes",
            seed,
            "--data-dir",
            dataDir.resolve(name).toString()),
        env);
  }

  /**
   * Starts (or restarts) {@code java -jar switchboard.jar node} with these ports and {@code
   * options}.
   */
  void start(Path jar, List<String> options, Map<String, String> env) throws IOException {
    start(jar, List.of(), options, env);
  }

  private void start(
      Path jar, List<String> jvmOptions, List<String> options, Map<String, String> env)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(java, "-Xmx384m", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"));
    command.addAll(NodeJvmOptions.forJar(jar));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "node",
            "--http-port",
            Integer.toString(httpPort),
            "--management-port",
            Integer.toString(managementPort),
            "--grpc-port",
            "0"));
    command.addAll(options);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Files.writeString(
        log, "==== starting " + name + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    process = builder.start();
  }

  /** Returns the exit status; the process must have ended. */
  int exitValue() {
    return process.exitValue();
  }

  String address() {
    return "127.0.0.1:" + arteryPort;
  }

  String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: the JVM gets no chance to clean up. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: coordinated shutdown; returns whether the JVM exited within {@code seconds}. */
  boolean terminate(int seconds) throws InterruptedException {
    process.destroy();
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the JVM freezes as in a long pause, its sockets stay open (the zombie case). */
  void suspend() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT: the frozen JVM runs on, still believing what it believed when it stopped. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  void stopQuietly() {
    if (alive()) {
      process.destroyForcibly();
    }
  }

  Path log() {
    return log;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
