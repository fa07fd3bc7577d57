package io.switchboard.client;

import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.message.Message;
import io.switchboard.request.RequestOptions;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Requests over gRPC end to end: a node in this JVM, a remote worker on the Java client (Serve)
 * streaming {@code chunks} chunks per request as fast as they are stored, and {@code concurrency}
 * remote callers (Request) in a closed loop. Prints requests/s, chunks/s and the caller's
 * request-to-final-reply time. Numbers only: it asserts nothing.
 *
 * <pre>
 * java -cp ... io.switchboard.client.RemoteRequestBenchmark concurrency=16 chunks=20 duration=10 warmup=5
 * </pre>
 */
public final class RemoteRequestBenchmark {
  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        new HashMap<>(Map.of("concurrency", "16", "chunks", "20", "duration", "10", "warmup", "5"));
    for (String arg : args) {
      options.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    int concurrency = Integer.parseInt(options.get("concurrency"));
    int chunks = Integer.parseInt(options.get("chunks"));
    Path dir = Files.createTempDirectory("remote-request-bench");
    try (NodeUnderTest node = NodeUnderTest.start(dir, 0)) {
      ActorSystem<Void> system = NodeUnderTest.clientSystem();
      SwitchboardClient client = SwitchboardClient.connect(system, node.clientSettings());
      client.createTopic(TopicConfig.of("bench").withPartitions(4)).toCompletableFuture().join();
      client.createGroup("bench", "workers", GroupConfig.DEFAULT).toCompletableFuture().join();
      ConsumerControl worker =
          client
              .requests("bench", "workers", ConsumerSettings.defaults().withCredit(concurrency))
              .mapAsyncUnordered(concurrency, request -> answer(request, chunks, system))
              .to(Sink.ignore())
              .run(system);
      Recorder latency = new Recorder(3);
      AtomicLong requests = new AtomicLong();
      long stopAt =
          System.nanoTime()
              + TimeUnit.SECONDS.toNanos(
                  Long.parseLong(options.get("warmup")) + Long.parseLong(options.get("duration")));
      CompletableFuture<?>[] callers = new CompletableFuture<?>[concurrency];
      for (int i = 0; i < concurrency; i++) {
        callers[i] =
            CompletableFuture.runAsync(
                () -> {
                  while (System.nanoTime() < stopAt) {
                    long start = System.nanoTime();
                    client
                        .request(
                            Message.builder("bench").payload(new byte[64]).build(),
                            RequestOptions.timeout(Duration.ofSeconds(60)))
                        .runWith(Sink.ignore(), system)
                        .toCompletableFuture()
                        .join();
                    latency.recordValue((System.nanoTime() - start) / 1000);
                    requests.incrementAndGet();
                  }
                },
                runnable -> new Thread(runnable).start());
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(options.get("warmup"))));
      latency.reset();
      long counted = requests.get();
      long began = System.nanoTime();
      CompletableFuture.allOf(callers).join();
      double seconds = (System.nanoTime() - began) / 1e9;
      var histogram = latency.getIntervalHistogram();
      long done = requests.get() - counted;
      System.out.printf(
          "remote requests: concurrency %d, %d chunks each: %.1f requests/s, %.0f chunks/s;"
              + " request to final reply p50 %.1f ms, p99 %.1f ms (%d requests)%n",
          concurrency,
          chunks,
          done / seconds,
          done * (chunks + 1) / seconds,
          histogram.getValueAtPercentile(50) / 1000.0,
          histogram.getValueAtPercentile(99) / 1000.0,
          done);
      worker.stop().toCompletableFuture().join();
      client.close();
      system.terminate();
    }
  }

  private static CompletionStage<?> answer(
      RemoteRequest request, int chunks, ActorSystem<?> system) {
    CompletionStage<?> sent = CompletableFuture.completedFuture(null);
    for (int n = 1; n <= chunks; n++) {
      String token = "token-" + n;
      sent = sent.thenComposeAsync(done -> request.reply(token), system.executionContext());
    }
    return sent.thenComposeAsync(done -> request.complete("done"), system.executionContext());
  }
}
