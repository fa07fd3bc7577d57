package io.switchboard.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.SwitchboardNode;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code node}: runs a node until it is stopped (SIGTERM or Ctrl-C shut it down gracefully). */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run a Switchboard node: cluster member, HTTP API (default http://127.0.0.1:8080) and metrics.",
      "Without options: a single node on 127.0.0.1 with its journal under ./data."
    })
public final class NodeCommand implements Callable<Integer> {
  @Mixin NodeOptions options = new NodeOptions();

  @Override
  public Integer call() {
    Config config;
    try {
      config = NodeConfig.load(options.toSettings());
    } catch (IllegalArgumentException | ConfigException e) {
      // a ConfigException names the key, the file and line, the range and the value
      System.err.println("node: cannot start: " + e.getMessage());
      return 2;
    }
    SwitchboardNode node;
    try {
      node = SwitchboardNode.start(config).toCompletableFuture().join();
    } catch (CompletionException e) {
      System.err.println("node: cannot start: " + e.getCause());
      return 1;
    }
    node.system().getWhenTerminated().toCompletableFuture().join();
    return node.exitCode();
  }
}
