package io.switchboard.runtime.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.testing.QuickStop;
import io.switchboard.testing.ScratchDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times what a test class that starts its own node pays: an in-JVM node's start (to ready) and its
 * stop, with the reference shutdown waits and with {@link QuickStop}. Numbers only: it asserts
 * nothing.
 *
 * <pre>
 * java -cp ... io.switchboard.runtime.http.NodeStopBenchmark rounds=4
 * </pre>
 */
public final class NodeStopBenchmark {
  public static void main(String[] args) throws Exception {
    int rounds = args.length == 0 ? 4 : Integer.parseInt(args[0].substring("rounds=".length()));
    Config reference = ConfigFactory.defaultReference().getConfig("switchboard.http");
    // TestNode puts QuickStop first: the reference round sets the two waits back after it
    String referenceWaits =
        "switchboard.http.unbind-delay = "
            + reference.getString("unbind-delay")
            + "\nswitchboard.http.unbind-drain = "
            + reference.getString("unbind-drain")
            + "\n";
    for (String mode : List.of("reference", "quick-stop")) {
      for (int round = 1; round <= rounds; round++) {
        Path dir = ScratchDirectory.create("node-stop-bench");
        long start = System.nanoTime();
        TestNode node = TestNode.start(dir, mode.equals("reference") ? referenceWaits : "");
        long ready = System.nanoTime();
        node.close();
        long stopped = System.nanoTime();
        System.out.printf(
            "%s round %d: start to ready %d ms, stop %d ms%n",
            mode,
            round,
            TimeUnit.NANOSECONDS.toMillis(ready - start),
            TimeUnit.NANOSECONDS.toMillis(stopped - ready));
        ScratchDirectory.delete(dir);
      }
    }
  }
}
