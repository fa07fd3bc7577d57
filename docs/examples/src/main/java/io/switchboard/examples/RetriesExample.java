package io.switchboard.examples;

import static io.switchboard.examples.EmbeddedExample.await;

import io.switchboard.ErrorCode;
import io.switchboard.Switchboard;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.routing.Route;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.Patterns;

/**
 * The other half of the API on a running node: a route, pull consumers that nack, a message
 * that runs out of attempts into dead letters and is replayed, and the errors a caller sees.
 */
public final class RetriesExample {
  static final String TOPIC = "tool-calls";
  static final String GROUP = "executors";

  /** What one run saw. */
  public record Summary(List<String> routedTo, List<Integer> attempts, String deadLetterReason,
      int replayed, int acked, ErrorCode unknownTopic, ErrorCode tooLarge, Duration retryAfter) {}

  private RetriesExample() {}

  public static void main(String[] args) throws IOException {
    Path dataDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("switchboard-example");
    ActorSystem<Void> system = EmbeddedExample.start(EmbeddedExample.config(dataDir));
    try {
      System.out.println(run(Switchboard.get(system), System.out));
    } finally {
      system.terminate();
    }
  }

  public static Summary run(Switchboard switchboard, PrintStream out) {
    // Two attempts per message, then dead letters.
    await(switchboard.createTopic(TopicConfig.of(TOPIC).withPartitions(1).withMaxAttempts(2)));
    await(switchboard.createGroup(TOPIC, GROUP, GroupConfig.DEFAULT));
    await(switchboard.addRoute(new Route("tool.*", TOPIC)));

    // route() publishes a copy to every topic bound to the type; the builder's topic is replaced.
    Message call = Message.builder(TOPIC)
        .type("tool.call")
        .key("conversation-7")
        .idempotencyKey("conversation-7/call-1")
        .text("{\"tool\":\"search\",\"query\":\"pekko\"}")
        .build();
    List<Confirm> routed = await(switchboard.route(call));
    out.println("routed to " + routed.stream().map(Confirm::topic).toList());

    // Pull, fail, and try again a little later: attempt 1, then attempt 2.
    Delivery first = pullOne(switchboard);
    await(switchboard.nack(TOPIC, GROUP, List.of(first.receipt()), Duration.ofMillis(200)));
    Delivery second = pullOne(switchboard);
    // A nack on the last attempt sends the message to the topic's dead letters.
    await(switchboard.nack(TOPIC, GROUP, List.of(second.receipt()), Duration.ZERO));
    Message letter = awaitDeadLetter(switchboard);
    String reason = letter.headers().get("switchboard-dead-letter-reason");
    out.println("dead letter " + letter.id() + ": " + reason);

    // Once the cause is fixed, replay: the group that failed it gets it again, as attempt 1.
    int replayed = await(switchboard.replayDeadLetters(TOPIC, 10));
    Delivery again = pullOne(switchboard);
    AckResult acked = await(switchboard.ack(TOPIC, GROUP, List.of(again.receipt())));
    out.println("replayed " + replayed + ", acked " + acked.accepted().size());

    return new Summary(routed.stream().map(Confirm::topic).toList(),
        List.of(first.attempt(), second.attempt(), again.attempt()), reason, replayed,
        acked.accepted().size(), unknownTopic(switchboard), tooLarge(switchboard),
        overloaded(switchboard));
  }

  private static Delivery pullOne(Switchboard switchboard) {
    // Waits up to 5 s for a delivery (long poll); at most 1 is returned.
    List<Delivery> got = await(switchboard.pull(TOPIC, GROUP, 1, Duration.ofSeconds(5)));
    if (got.isEmpty()) {
      throw new IllegalStateException("nothing to pull from " + TOPIC + "/" + GROUP);
    }
    return got.get(0);
  }

  /** Dead-lettering is asynchronous: asks until the letter is listed. */
  private static Message awaitDeadLetter(Switchboard switchboard) {
    return await(Patterns.retry(() -> switchboard.deadLetters(TOPIC, 10).thenApply(letters -> {
      if (letters.isEmpty()) {
        throw new IllegalStateException("no dead letter yet");
      }
      return letters.get(0);
    }), 100, Duration.ofMillis(100), switchboard.system()));
  }

  private static ErrorCode unknownTopic(Switchboard switchboard) {
    return codeOf(switchboard.publish(Message.builder("no-such-topic").text("hello").build()));
  }

  private static ErrorCode tooLarge(Switchboard switchboard) {
    byte[] payload = new byte[switchboard.limits().maxPayloadBytes() + 1];
    return codeOf(switchboard.publish(Message.builder(TOPIC).payload(payload).build()));
  }

  /** A partition at its backlog limit answers OVERLOADED with a hint of when to retry. */
  private static Duration overloaded(Switchboard switchboard) {
    await(switchboard.createTopic(TopicConfig.of("tiny").withPartitions(1).withBacklogLimit(1)));
    await(switchboard.createGroup("tiny", "slow", GroupConfig.DEFAULT));
    await(switchboard.publish(Message.builder("tiny").text("fits").build()));
    try {
      await(switchboard.publish(Message.builder("tiny").text("does not fit").build()));
      throw new IllegalStateException("expected OVERLOADED");
    } catch (CompletionException e) {
      if (e.getCause() instanceof SwitchboardException.Overloaded overloaded) {
        return overloaded.retryAfter();
      }
      throw e;
    }
  }

  /** Returns the error code a failed stage carries. */
  private static ErrorCode codeOf(CompletionStage<?> stage) {
    try {
      await(stage);
      throw new IllegalStateException("expected a refusal");
    } catch (CompletionException e) {
      if (e.getCause() instanceof SwitchboardException refused) {
        return refused.code();
      }
      throw e;
    }
  }
}
