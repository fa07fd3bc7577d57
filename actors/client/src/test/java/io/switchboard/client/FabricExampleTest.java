package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.Switchboard;
import io.switchboard.examples.client.FabricExample;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docs/examples/client's FabricExample on the embedded library; runtime's FabricContractTest
 * runs the same kind of code through this client against a node.
 */
class FabricExampleTest {
  @TempDir Path dir;

  @Test
  void theDocumentedCodeRunsOnTheEmbeddedLibrary() throws Exception {
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(),
            "example",
            ConfigFactory.load(
                ConfigFactory.parseString(
                    """
        switchboard.data-dir = "%s"
        pekko.remote.artery.canonical { hostname = 127.0.0.1, port = 0 }
        pekko.coordinated-shutdown.exit-jvm = off
        pekko.loglevel = WARNING
        """
                        .formatted(dir.toAbsolutePath().toString().replace('\\', '/')))));
    try {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      Switchboard.get(system).ready().toCompletableFuture().get(90, TimeUnit.SECONDS);

      List<String> greetings = FabricExample.run(Switchboard.get(system), system, "greetings", 10);

      assertThat(greetings)
          .containsExactlyInAnyOrderElementsOf(
              IntStream.rangeClosed(1, 10).mapToObj(i -> "hello " + i).toList());
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }
}
