package io.switchboard.examples;

import com.typesafe.config.Config;
import io.switchboard.Switchboard;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestDelivery;
import io.switchboard.request.RequestOptions;
import io.switchboard.topic.GroupConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Requests that answer: a worker that streams one token per word of its prompt, a caller that
 * reads the answer as a stream, and a reattach that reads the rest after a cursor. Run it with an
 * optional data directory as the only argument.
 */
public final class RequestExample {
  static final String TOPIC = "completions";
  static final String GROUP = "gpus";

  /** What one run read: the whole answer, and the part after cursor 2. */
  public record Summary(List<String> answer, List<String> afterCursor) {}

  private RequestExample() {}

  public static void main(String[] args) throws IOException {
    Path dataDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("switchboard-example");
    System.out.println(run(EmbeddedExample.config(dataDir), System.out));
  }

  /** Starts a node, answers one request, reattaches to it, stops the node. */
  public static Summary run(Config config, PrintStream out) {
    ActorSystem<Void> system = EmbeddedExample.start(config);
    try {
      return exercise(Switchboard.get(system), system, out);
    } finally {
      system.terminate();
      await(system.getWhenTerminated());
    }
  }

  private static Summary exercise(Switchboard switchboard, ActorSystem<?> system, PrintStream out) {
    await(switchboard.createTopic(switchboard.topicDefaults(TOPIC).withPartitions(2)));
    await(switchboard.createGroup(TOPIC, GROUP, GroupConfig.DEFAULT));

    // The worker side: each delivery is a request to answer.
    Executor executor = system.executionContext();
    ConsumerControl worker = switchboard.requests(TOPIC, GROUP, ConsumerSettings.defaults())
        .mapAsyncUnordered(8, request -> generate(request, executor))
        .toMat(Sink.ignore(), Keep.left())
        .run(system);

    // The caller: chunks in order, then the final reply (last = true).
    Message prompt = Message.builder(TOPIC).text("tell me about message fabrics").build();
    List<ReplyChunk> answer = await(switchboard
        .request(prompt, RequestOptions.timeout(Duration.ofSeconds(30)))
        .runWith(Sink.seq(), system));
    answer.forEach(chunk -> out.println(chunk.seq() + (chunk.last() ? " (final) " : " ") + chunk.text()));

    // After a lost connection: reattach by request id (the message id) and the last seq read.
    List<ReplyChunk> rest = await(switchboard.replies(prompt.id(), 2).runWith(Sink.seq(), system));
    out.println("after cursor 2: " + rest.stream().map(ReplyChunk::text).toList());

    await(worker.stop());
    return new Summary(answer.stream().map(ReplyChunk::text).toList(),
        rest.stream().map(ReplyChunk::text).toList());
  }

  /** Streams one token per word, after what an earlier worker already streamed, then completes. */
  static CompletionStage<Done> generate(RequestDelivery request, Executor executor) {
    String[] words = new String(request.message().payload(), StandardCharsets.UTF_8).split(" ");
    CompletionStage<Done> sent = CompletableFuture.completedFuture(Done.getInstance());
    for (int i = request.streamed().size(); i < words.length; i++) {
      String token = words[i];
      // Each reply completes once stored; waiting for it is the caller's backpressure.
      sent = sent.thenComposeAsync(done -> request.reply(token), executor);
    }
    return sent.thenComposeAsync(done -> request.complete("(" + words.length + " words)"), executor);
  }

  static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }
}
