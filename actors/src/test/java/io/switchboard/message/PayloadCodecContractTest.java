package io.switchboard.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@link PayloadCodec} contract, run over every codec by one thin subclass each. */
abstract class PayloadCodecContractTest {

  /** Returns the codec under test for values of {@code type}. */
  protected abstract <T> PayloadCodec<T> codecFor(Class<T> type);

  protected abstract String expectedContentType();

  @Test
  void roundTripsARecord() {
    Prompt prompt = new Prompt("conversation-7", 512, new byte[] {1, 2, 3});

    assertSamePrompt(roundTrip(Prompt.class, prompt), prompt);
  }

  @Test
  void roundTripsAJavaBean() {
    Completion completion = new Completion("Bonjour 🌍", 12.5);

    assertThat(roundTrip(Completion.class, completion)).isEqualTo(completion);
  }

  @Test
  void roundTripsEmptyValues() {
    Prompt empty = new Prompt("", 0, new byte[0]);

    assertSamePrompt(roundTrip(Prompt.class, empty), empty);
    assertThat(roundTrip(Completion.class, new Completion())).isEqualTo(new Completion());
  }

  @Test
  void roundTripsAOneMebibyteValue() {
    byte[] body = new byte[1024 * 1024];
    new SplittableRandom(1).nextBytes(body);
    Prompt large = new Prompt("x".repeat(1024 * 1024), Integer.MAX_VALUE, body);

    assertSamePrompt(roundTrip(Prompt.class, large), large);
  }

  @Test
  @Timeout(10)
  void rejectsGarbageBytes() {
    PayloadCodec<Prompt> codec = codecFor(Prompt.class);
    SplittableRandom random = new SplittableRandom(2);
    for (int length : new int[] {0, 1, 2, 5, 6, 16, 100, 4096, 1 << 20}) {
      for (int trial = 0; trial < 20; trial++) {
        byte[] garbage = new byte[length];
        random.nextBytes(garbage);
        assertThatThrownBy(() -> codec.decode(garbage))
            .as("%d garbage bytes", length)
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void rejectsATruncatedEncoding() {
    PayloadCodec<Prompt> codec = codecFor(Prompt.class);
    byte[] bytes = codec.encode(new Prompt("conversation-7", 512, new byte[64]));
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);

    assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesItsContentType() {
    assertThat(codecFor(Prompt.class).contentType()).isEqualTo(expectedContentType());
  }

  @Test
  void isSafeToShareBetweenThreads() throws Exception {
    PayloadCodec<Completion> codec = codecFor(Completion.class);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    Completion value = new Completion("t" + thread + "-" + i, i);
                    if (!codec.decode(codec.encode(value)).equals(value)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Compares field by field: a record's equals compares a byte[] component by identity. */
  static void assertSamePrompt(Prompt actual, Prompt expected) {
    assertThat(actual.conversation()).isEqualTo(expected.conversation());
    assertThat(actual.maxTokens()).isEqualTo(expected.maxTokens());
    assertThat(Arrays.equals(actual.body(), expected.body())).as("same body").isTrue();
  }

  private <T> T roundTrip(Class<T> type, T value) {
    PayloadCodec<T> codec = codecFor(type);
    return codec.decode(codec.encode(value));
  }
}
