package io.switchboard;

import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.request.RequestDelivery;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/** A worker of a request topic in tests: its requests land in a queue the test takes from. */
final class RequestWorkers {
  static final String GROUP = "workers";

  final BlockingQueue<RequestDelivery> taken = new LinkedBlockingQueue<>();
  final ConsumerControl control;

  RequestWorkers(Switchboard sb, ActorSystem<?> system, String topic, String consumerId) {
    this(sb, system, topic, consumerId, 4);
  }

  /** A worker holding up to {@code credit} requests at once. */
  RequestWorkers(
      Switchboard sb, ActorSystem<?> system, String topic, String consumerId, int credit) {
    control =
        sb.requests(
                topic,
                GROUP,
                ConsumerSettings.defaults().withConsumerId(consumerId).withCredit(credit))
            .toMat(Sink.foreach(taken::add), Keep.left())
            .run(system);
  }

  /** Creates a one-partition topic with the workers' group. */
  static void topic(Switchboard sb, String topic) {
    Await.result(sb.createTopic(TopicConfig.of(topic).withPartitions(1)));
    Await.result(sb.createGroup(topic, GROUP, GroupConfig.DEFAULT));
  }

  /** Returns the next request this worker takes (fails after 30 s). */
  RequestDelivery next() {
    try {
      RequestDelivery next = taken.poll(30, TimeUnit.SECONDS);
      if (next == null) {
        throw new AssertionError("no request reached the worker in 30 s");
      }
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
