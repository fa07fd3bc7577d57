package io.switchboard.bench;

import com.typesafe.config.ConfigFactory;
import io.switchboard.message.Message;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;

/**
 * CPU of one message through Jackson CBOR and through the binary {@code MessageSerializer} (the
 * form the journal's Enqueued events now use), in one thread: encode, and encode plus decode, in
 * CPU time of that thread per message.
 *
 * <pre>
 * java -cp ... io.switchboard.bench.SerializationBenchmark [size=1024] [seconds=5]
 * </pre>
 */
public final class SerializationBenchmark {
  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

  private SerializationBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    int size = options.integer("size", 1024);
    int seconds = options.integer("seconds", 5);
    byte[] payload = new byte[size];
    new Random(42).nextBytes(payload);
    Message message =
        Message.builder("bench-topic")
            .payload(payload)
            .headers(Map.of("bench-sent-nanos", Long.toString(System.nanoTime())))
            .build();
    ActorSystem system =
        ActorSystem.create(
            "serialization-bench",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.load()));
    try {
      Serialization serialization = SerializationExtension.get(system);
      Serializer cbor =
          serialization
              .serializerByIdentity()
              .apply(
                  serialization.serializerFor(io.switchboard.producer.Confirm.class).identifier());
      Serializer binary = serialization.findSerializerFor(message);
      for (int round = 0; round < 2; round++) {
        String phase = round == 0 ? "warm-up" : "measure";
        for (Serializer serializer : new Serializer[] {cbor, binary}) {
          run(phase, serialization, serializer, message, seconds, false);
          run(phase, serialization, serializer, message, seconds, true);
        }
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static void run(
      String phase,
      Serialization serialization,
      Serializer serializer,
      Message message,
      int seconds,
      boolean decode) {
    String manifest = org.apache.pekko.serialization.Serializers.manifestFor(serializer, message);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long count = 0;
    long bytes = 0;
    // Thread CPU time, not wall time: on a shared machine the thread is often not running.
    long start = THREAD.getCurrentThreadCpuTime();
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1000; i++) {
        byte[] encoded = serializer.toBinary(message);
        bytes += encoded.length;
        if (decode) {
          bytes +=
              ((Message)
                      serialization.deserialize(encoded, serializer.identifier(), manifest).get())
                  .payloadSize();
        }
      }
      count += 1000;
    }
    double nanos = (THREAD.getCurrentThreadCpuTime() - start) / (double) count;
    System.out.printf(
        Locale.ROOT,
        "%s %-22s %-14s %8.0f ns CPU/msg (%d bytes each)%n",
        phase,
        serializer.getClass().getSimpleName(),
        decode ? "encode+decode" : "encode",
        nanos,
        bytes / count);
  }
}
