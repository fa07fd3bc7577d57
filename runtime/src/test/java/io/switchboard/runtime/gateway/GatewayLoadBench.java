package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import io.switchboard.internal.journal.JournalCounts;
import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.EmulatorSettings;
import io.switchboard.runtime.emulator.NodeScripts;
import io.switchboard.runtime.node.SwitchboardNode;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first benchmark, not part of the suite (run it by name): {@code load.mjs} with the official
 * client straight at an emulator, then through a node's gateway to the same emulator, and the JVM's
 * CPU time for each (the emulator runs in this JVM too: the difference is the node's). It prints
 * numbers and asserts nothing about time. {@code mvn -pl runtime -am test -Dtest=GatewayLoadBench
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbench.conversations=50}
 */
class GatewayLoadBench {
  private static final String MODEL = "llama-3-8b";

  @Test
  void streamsThroughTheGatewayBesideTheEmulatorDirectly(@TempDir Path dir) throws Exception {
    String conversations = System.getProperty("bench.conversations", "50");
    String turns = System.getProperty("bench.turns", "3");
    String tokens = System.getProperty("bench.tokens", "32");
    NodeScripts.install();
    try (BackendEmulator emulator =
        BackendEmulator.start(
            EmulatorSettings.defaults(MODEL).withPromptTokensDetails(true),
            new InetSocketAddress("127.0.0.1", 0))) {
      String direct = "http://127.0.0.1:" + emulator.port() + "/v1";
      Path config =
          Files.writeString(
              dir.resolve("bench.conf"),
              "switchboard.gateway.pools { \""
                  + MODEL
                  + "\" { backends = [{ url = \""
                  + direct
                  + "\", max-concurrency = 256 }] } }\n");
      SwitchboardNode node = LocalGatewayNode.start(config, dir.resolve("data"));
      try {
        String gateway = LocalGatewayNode.base(node);
        LocalGatewayNode.awaitPool(gateway, MODEL);
        run("warm-up through the gateway", gateway, "10", "1", tokens);
        run("emulator directly", direct, conversations, turns, tokens);
        long writes = JournalCounts.writes(node.system());
        long events = JournalCounts.events(node.system());
        JsonNode through = run("through the gateway", gateway, conversations, turns, tokens);
        long relayed = through.path("tokens").asLong();
        writes = JournalCounts.writes(node.system()) - writes;
        events = JournalCounts.events(node.system()) - events;
        System.out.printf(
            "BENCH journal through the gateway: %d tokens, %d writes (%.3f per token), %d events "
                + "(%.3f per token)%n",
            relayed, writes, (double) writes / relayed, events, (double) events / relayed);
      } finally {
        node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
      }
    }
  }

  private static JsonNode run(
      String what, String url, String conversations, String turns, String tokens) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    JsonNode result = NodeScripts.json("load.mjs", url, MODEL, conversations, turns, tokens);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMs = (os.getProcessCpuTime() - cpuBefore) / 1e6;
    System.out.printf(
        "BENCH %s: %s | wall %.1f s | JVM CPU %.0f ms | load %s%n",
        what, result, seconds, cpuMs, Files.readString(Path.of("/proc/loadavg")).trim());
    return result;
  }
}
