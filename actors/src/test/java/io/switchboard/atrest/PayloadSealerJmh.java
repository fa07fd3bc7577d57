package io.switchboard.atrest;

import io.switchboard.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What sealing a payload for the journal costs per message and how much smaller it gets: {@code
 * seal} (compress, then encrypt) and {@code open} (the reverse, as a partition reads it back) of a
 * 1 KiB JSON chat request whose words are drawn from a vocabulary with a fixed seed (text that
 * compresses like prose, not like a repeated string). The stored size of each chain is printed at
 * setup. Run it as docs/contributing.md shows, with {@code PayloadSealerJmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PayloadSealerJmh {
  private static final List<String> WORDS =
      List.of(
          "the",
          "a",
          "of",
          "to",
          "and",
          "in",
          "is",
          "it",
          "that",
          "for",
          "you",
          "with",
          "on",
          "as",
          "are",
          "this",
          "be",
          "at",
          "or",
          "have",
          "from",
          "by",
          "not",
          "what",
          "can",
          "how",
          "my",
          "order",
          "invoice",
          "refund",
          "delivery",
          "account",
          "password",
          "summary",
          "please",
          "explain",
          "translate",
          "write",
          "email",
          "customer",
          "yesterday",
          "tomorrow",
          "Berlin",
          "Lisbon",
          "Python",
          "function",
          "error",
          "timeout",
          "server",
          "payment",
          "shipping",
          "address",
          "number",
          "table",
          "report",
          "quarter",
          "revenue",
          "growth",
          "team",
          "meeting",
          "schedule",
          "draft",
          "letter",
          "contract",
          "clause",
          "tenant",
          "landlord",
          "doctor",
          "appointment",
          "symptoms",
          "recipe",
          "chicken",
          "garlic",
          "minutes",
          "oven",
          "degrees");

  @Param({"none", "lz4", "zstd"})
  public String compression;

  @Param({"false", "true"})
  public boolean encryption;

  private PayloadSealer sealer;
  private Message message;
  private byte[] sealed;

  @Setup
  public void setUp() {
    byte[] key = new byte[32];
    new SplittableRandom(1).nextBytes(key);
    String keys = "k1 " + Base64.getEncoder().encodeToString(key);
    AtRestSettings settings =
        new AtRestSettings(
            List.of("*"),
            AtRestSettings.Compression.valueOf(compression.toUpperCase(Locale.ROOT)),
            0,
            encryption,
            Optional.empty());
    sealer = PayloadSealer.of(settings, name -> keys).orElse(null);
    message = Message.builder("chat.requests").payload(chatRequest(1024)).build();
    sealed = sealer == null ? null : sealer.seal(message);
    if (sealed == null) {
      sealed = message.payload(); // stored as it is
    }
    System.out.printf(
        Locale.ROOT,
        "%nPayloadSealerJmh %s encryption=%s: %d bytes stored for %d (%.2f)%n",
        compression,
        encryption,
        sealed.length,
        message.payload().length,
        sealed.length / (double) message.payload().length);
  }

  @Benchmark
  public byte[] seal() {
    return sealer == null ? message.payload() : sealer.seal(message);
  }

  @Benchmark
  public byte[] open() {
    return sealer == null || sealed == message.payload()
        ? sealed
        : sealer.open(message.id(), message.topic(), sealed);
  }

  /** Returns a chat completion request of exactly {@code bytes} bytes, the same every run. */
  static byte[] chatRequest(int bytes) {
    SplittableRandom random = new SplittableRandom(42);
    StringBuilder text =
        new StringBuilder(
            "{\"model\":\"llama-3.1-8b-instruct\",\"temperature\":0.7,\"max_tokens\":512,"
                + "\"user\":\"u-"
                + Long.toHexString(random.nextLong())
                + "\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful"
                + " assistant.\"},{\"role\":\"user\",\"content\":\"");
    while (text.length() < bytes - 4) {
      text.append(WORDS.get(random.nextInt(WORDS.size())));
      text.append(random.nextInt(12) == 0 ? ". " : " ");
      if (random.nextInt(40) == 0) {
        text.append(random.nextInt(100_000)).append(' ');
      }
    }
    text.setLength(bytes - 4);
    text.append("\"}]}");
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
