package io.switchboard.runtime.grpc;

import static io.switchboard.runtime.grpc.GrpcNode.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.switchboard.Switchboard;
import io.switchboard.message.Message;
import io.switchboard.protocol.v1.Error;
import io.switchboard.request.RequestOptions;
import io.switchboard.runtime.node.SwitchboardNode;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;

/**
 * A node that stops ends its Consume and Serve streams with UNAVAILABLE NOT_READY, so clients move
 * elsewhere.
 */
class GrpcShutdownTest {

  @Test
  void endsConsumeAndServeStreamsWithNotReadyWhenTheNodeStops() throws Exception {
    GrpcNode node = GrpcNode.start();
    try {
      node.createTopic("leaving", 1, "g");
      ConsumeClient client = ConsumeClient.subscribe(node.async(), "leaving", "g", 4);
      client.subscribed.orTimeout(30, TimeUnit.SECONDS).join();
      node.createTopic("serving", 1, "workers");
      ServeClient worker = ServeClient.subscribe(node.async(), "serving", "workers", 1);
      Switchboard.get(node.node().system())
          .request(Message.builder("serving").text("q").build(), RequestOptions.DEFAULT)
          .runWith(Sink.ignore(), node.node().system());
      await().atMost(Duration.ofSeconds(30)).until(() -> worker.requests.size() == 1); // it serves

      SwitchboardNode running = node.node();
      CompletionStage<Done> stopped = running.stop();
      Throwable ended = client.ended.orTimeout(30, TimeUnit.SECONDS).join();
      Error error = assertRefused(ended, Status.Code.UNAVAILABLE, "NOT_READY");
      assertThat(error.getMessage()).contains("stopping");
      assertThat(error.getRetryAfterMillis()).isPositive();
      Error serveError =
          assertRefused(
              worker.ended.orTimeout(30, TimeUnit.SECONDS).join(),
              Status.Code.UNAVAILABLE,
              "NOT_READY");
      assertThat(serveError.getMessage()).contains("stopping");
      await().atMost(Duration.ofSeconds(60)).until(() -> stopped.toCompletableFuture().isDone());
    } finally {
      node.close();
    }
  }
}
