package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that stops still answers what a connection it accepted before the unbind sends after it
 * (within {@code switchboard.http.unbind-drain}): terminating the server closes every connection
 * with no request in flight at once, which left such a request without any answer (#14, ShutdownIT
 * under load).
 */
class HttpServerShutdownTest {

  @Test
  void answersARequestSentAfterTheUnbindOnAConnectionAcceptedBefore(@TempDir Path dir)
      throws Exception {
    TestNode node =
        TestNode.start(
            dir,
            "switchboard.http.unbind-delay = 0s\n"
                + "switchboard.http.unbind-drain = 5s\n"
                + "pekko.coordinated-shutdown.phases.service-unbind.timeout = 15s\n");
    int port = node.node().httpAddress().getPort();
    try (RawConnection early = RawConnection.open("127.0.0.1", port)) {
      early.send("GET", "/v1/topics", null);
      assertThat(early.read(Duration.ofSeconds(10)).status())
          .as("the connection is accepted and kept alive")
          .isEqualTo(200);

      CompletionStage<?> stopped = node.node().stop();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> refused(port));
      early.send("GET", "/v1/topics", null);
      RawConnection.Response answer = early.read(Duration.ofSeconds(10));

      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.body()).contains("STOPPING");
      assertThat(answer.headers()).containsEntry("connection", "close");
      stopped.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }
  }

  /** Returns whether a new connection to the port is refused (the port is unbound). */
  private static boolean refused(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
