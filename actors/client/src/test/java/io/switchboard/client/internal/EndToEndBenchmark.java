package io.switchboard.client.internal;

import io.switchboard.atrest.AtRestSettings.Compression;
import io.switchboard.atrest.KeyRing;
import io.switchboard.client.ClientEncryption;
import io.switchboard.message.Message;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * CPU a client spends per message on end-to-end encryption in one thread: sealing a message before
 * publish (payload, header, a new Message) and opening it on delivery, with each compression, on a
 * chat-like payload of {@code bytes} ({@link #chat}: the same words as docs/examples/python's
 * e2e_bench.py, so the two clients are measured on the same bytes). Prints numbers, asserts
 * nothing.
 *
 * <pre>
 * java -cp ... io.switchboard.client.internal.EndToEndBenchmark [bytes=1024] [seconds=3]
 * </pre>
 */
public final class EndToEndBenchmark {
  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();
  private static final List<String> WORDS =
      List.of(
          "the",
          "model",
          "answer",
          "question",
          "please",
          "summarise",
          "patient",
          "record",
          "invoice",
          "customer",
          "address",
          "account",
          "number",
          "meeting",
          "tomorrow",
          "with",
          "about",
          "policy",
          "claim",
          "travel",
          "refund",
          "order",
          "delivery",
          "and",
          "of",
          "to",
          "a",
          "in",
          "is",
          "for",
          "my",
          "your",
          "was",
          "not",
          "it",
          "on");

  private EndToEndBenchmark() {}

  public static void main(String[] args) {
    int bytes = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    KeyRing keys = KeyRing.parse("k1 " + Base64.getEncoder().encodeToString(key), "BENCH_KEYS");
    Message message = Message.builder("chat").payload(chat(bytes)).build();
    for (int round = 0; round < 2; round++) {
      for (Compression compression : Compression.values()) {
        EndToEnd e2e =
            new EndToEnd(ClientEncryption.OFF.withCompression(compression, 1024 - 1), keys);
        report((round == 0 ? "warm-up " : "") + compression, seconds, e2e, message);
      }
    }
  }

  /**
   * A chat request of exactly {@code bytes} bytes of words drawn by a 64-bit LCG from seed 42, the
   * same bytes in Java and Python.
   */
  static byte[] chat(int bytes) {
    StringBuilder text = new StringBuilder("{\"messages\":[{\"role\":\"user\",\"content\":\"");
    long state = 42;
    while (text.length() < bytes) {
      state = state * 6364136223846793005L + 1442695040888963407L;
      text.append(WORDS.get((int) Long.remainderUnsigned(state >>> 33, WORDS.size()))).append(' ');
    }
    text.setLength(bytes);
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void report(String what, int seconds, EndToEnd e2e, Message message) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long sealCpu = 0;
    long openCpu = 0;
    long count = 0;
    int sent = 0;
    while (System.nanoTime() < end) {
      long start = THREAD.getCurrentThreadCpuTime();
      Message sealed = e2e.seal(message);
      long middle = THREAD.getCurrentThreadCpuTime();
      Message opened = e2e.open(sealed);
      openCpu += THREAD.getCurrentThreadCpuTime() - middle;
      sealCpu += middle - start;
      sent = sealed.payload().length;
      if (opened.payload().length != message.payload().length) {
        throw new IllegalStateException(what + " did not open to the same length");
      }
      count++;
    }
    System.out.printf(
        Locale.ROOT,
        "e2e %-16s %,10d messages of %,d bytes: seal %6.2f us, open %6.2f us CPU; sent %,d bytes%n",
        what + " + AES-GCM",
        count,
        message.payload().length,
        sealCpu / 1_000.0 / count,
        openCpu / 1_000.0 / count,
        sent);
  }
}
