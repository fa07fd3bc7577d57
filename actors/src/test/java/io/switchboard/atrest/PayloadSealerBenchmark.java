package io.switchboard.atrest;

import io.switchboard.message.Message;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * CPU of sealing and opening one payload in one thread: lz4 alone, AES-GCM alone, lz4 then AES-GCM,
 * zstd alone and zstd then AES-GCM, on a JSON-like text payload of {@code bytes} that repeats
 * itself, or with {@code chat} the chat request of {@link PayloadSealerJmh} (prose-like words). The
 * cost every stored message pays with {@code switchboard.at-rest} on (sealed when written, opened
 * when read back into a partition). Prints numbers and the stored size; asserts nothing.
 *
 * <pre>
 * java -cp ... io.switchboard.atrest.PayloadSealerBenchmark [bytes=1024] [seconds=3] [chat]
 * </pre>
 */
public final class PayloadSealerBenchmark {
  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

  private PayloadSealerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int bytes = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path keys =
        Files.writeString(
            Files.createTempFile("at-rest", ".keys"),
            "k1 " + Base64.getEncoder().encodeToString(key));
    StringBuilder text = new StringBuilder("{\"messages\":[");
    while (text.length() < bytes) {
      text.append("{\"role\":\"user\",\"content\":\"what is the capital of country ")
          .append(text.length())
          .append("?\"},");
    }
    boolean chat = args.length > 2 && args[2].equals("chat");
    Message message =
        Message.builder("chat")
            .payload(
                chat
                    ? PayloadSealerJmh.chatRequest(bytes)
                    : text.substring(0, bytes).getBytes(StandardCharsets.UTF_8))
            .build();
    for (int round = 0; round < 2; round++) {
      String prefix = round == 0 ? "warm-up " : "";
      report(prefix + "lz4", seconds, sealer(AtRestSettings.Compression.LZ4, false, keys), message);
      report(
          prefix + "AES-GCM",
          seconds,
          sealer(AtRestSettings.Compression.NONE, true, keys),
          message);
      report(
          prefix + "lz4 + AES-GCM",
          seconds,
          sealer(AtRestSettings.Compression.LZ4, true, keys),
          message);
      report(
          prefix + "zstd", seconds, sealer(AtRestSettings.Compression.ZSTD, false, keys), message);
      report(
          prefix + "zstd + AES-GCM",
          seconds,
          sealer(AtRestSettings.Compression.ZSTD, true, keys),
          message);
    }
  }

  private static PayloadSealer sealer(
      AtRestSettings.Compression compression, boolean encryption, Path keys) {
    return PayloadSealer.of(
            new AtRestSettings(
                List.of("*"),
                compression,
                0,
                encryption,
                encryption ? Optional.of(keys) : Optional.empty()))
        .orElseThrow();
  }

  private static void report(String what, int seconds, PayloadSealer sealer, Message message) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long sealCpu = 0;
    long openCpu = 0;
    long count = 0;
    int stored = 0;
    while (System.nanoTime() < end) {
      long start = THREAD.getCurrentThreadCpuTime();
      byte[] sealed = sealer.seal(message);
      long middle = THREAD.getCurrentThreadCpuTime();
      byte[] opened = sealer.open(message.id(), message.topic(), sealed);
      openCpu += THREAD.getCurrentThreadCpuTime() - middle;
      sealCpu += middle - start;
      stored = sealed.length;
      if (opened.length != message.payload().length) {
        throw new IllegalStateException(what + " did not open to the same length");
      }
      count++;
    }
    System.out.printf(
        Locale.ROOT,
        "%-24s %,10d payloads of %,d bytes: seal %6.2f us, open %6.2f us CPU; stored %,d bytes%n",
        what,
        count,
        message.payload().length,
        sealCpu / 1_000.0 / count,
        openCpu / 1_000.0 / count,
        stored);
  }
}
