package io.switchboard.runtime.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Byte-level mutations of corpus entries from a seeded {@link SplittableRandom}: each input is an
 * entry changed by one to four edits (a flipped byte, a cut, a removed or repeated slice, a hostile
 * token inserted), or left as it is so that the valid road is walked too. The same seed gives the
 * same inputs, so a failure reproduces. Tries: {@code -Dfuzz.tries=N} (default {@value
 * #DEFAULT_TRIES}); seed: {@code -Dfuzz.seed=S} (default {@value #DEFAULT_SEED}).
 */
public final class Mutations {
  /** Inputs per fuzz test in the suite. */
  public static final int DEFAULT_TRIES = 300;

  /** The seed of the suite's runs. */
  public static final long DEFAULT_SEED = 7341L;

  /** Tokens that break parsers in known ways: limits, types, encodings, structure. */
  private static final List<byte[]> TOKENS =
      List.of(
          bytes("{"),
          bytes("}"),
          bytes("["),
          bytes("]"),
          bytes("\""),
          bytes(","),
          bytes(":"),
          bytes("null"),
          bytes("true"),
          bytes("-"),
          bytes("1e999999999"),
          bytes("-0.0"),
          bytes("9".repeat(5000)),
          bytes("\\u0000"),
          bytes("\\ud800"),
          bytes("\u00e9\ud83d\ude00"),
          bytes("[".repeat(3000)),
          bytes("{\"a\":".repeat(500)),
          bytes("x".repeat(70_000)),
          new byte[] {(byte) 0xC3},
          new byte[] {(byte) 0xFF, (byte) 0xFE},
          new byte[] {0},
          new byte[] {(byte) 0x9F},
          new byte[] {(byte) 0xBF, (byte) 0xFF},
          new byte[] {(byte) 0x80},
          // varints of Integer.MAX_VALUE and 500 million: lengths and counts no frame can hold
          new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07},
          new byte[] {(byte) 0x80, (byte) 0xCA, (byte) 0xB5, (byte) 0xEE, 0x01});

  private Mutations() {}

  /** {@code -Dfuzz.tries}, else {@value #DEFAULT_TRIES}. */
  public static int tries() {
    return Integer.getInteger("fuzz.tries", DEFAULT_TRIES);
  }

  /** {@code -Dfuzz.seed}, else {@value #DEFAULT_SEED}. */
  public static long seed() {
    return Long.getLong("fuzz.seed", DEFAULT_SEED);
  }

  /** A generator seeded with {@link #seed()}. */
  public static SplittableRandom random() {
    return new SplittableRandom(seed());
  }

  /**
   * {@code tries} entries of {@code corpus}, each changed by up to four edits, from {@code seed}.
   */
  public static List<byte[]> inputs(List<byte[]> corpus, long seed, int tries) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>(tries);
    for (int i = 0; i < tries; i++) {
      out.add(mutate(corpus, random));
    }
    return out;
  }

  /** One entry of {@code corpus} (uniformly chosen), changed by zero to four random edits. */
  public static byte[] mutate(List<byte[]> corpus, SplittableRandom random) {
    byte[] out = corpus.get(random.nextInt(corpus.size()));
    int edits = random.nextInt(5);
    for (int i = 0; i < edits; i++) {
      Edit edit =
          new Edit(
              random.nextInt(6),
              random.nextInt() & Integer.MAX_VALUE,
              random.nextInt() & Integer.MAX_VALUE,
              TOKENS.get(random.nextInt(TOKENS.size())));
      out = edit.apply(out);
    }
    return out;
  }

  /** Random bytes, 0 to {@code maxSize} of them. */
  public static byte[] randomBytes(SplittableRandom random, int maxSize) {
    byte[] out = new byte[random.nextInt(maxSize + 1)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) random.nextInt(256);
    }
    return out;
  }

  /** One check of one input. */
  public interface Check<T> {
    void run(T input) throws Exception;
  }

  /**
   * Runs {@code check} on every input; a failure (any {@link Throwable}) is rethrown as an {@link
   * AssertionError} naming the index, the seed and the input ({@code describe}, with its bytes in
   * base64), so that it can be added to the corpus.
   */
  public static <T> void forAll(List<T> inputs, Function<T, String> describe, Check<T> check) {
    for (int i = 0; i < inputs.size(); i++) {
      T input = inputs.get(i);
      try {
        check.run(input);
      } catch (Throwable failure) {
        throw new AssertionError(
            "fuzz input #"
                + i
                + " of "
                + inputs.size()
                + " (fuzz.seed="
                + seed()
                + "): "
                + describe.apply(input)
                + "\n"
                + failure,
            failure);
      }
    }
  }

  /** {@code bytes} in base64. */
  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** One edit at a position drawn as {@code at}, of a length drawn as {@code length}. */
  private record Edit(int kind, int at, int length, byte[] token) {
    byte[] apply(byte[] in) {
      int size = in.length;
      int pos = size == 0 ? 0 : at % (size + 1);
      int span =
          size == 0 ? 0 : 1 + length % Math.max(1, Math.min(64, size - Math.min(pos, size - 1)));
      return switch (kind) {
        case 0 -> flip(in, pos);
        case 1 -> Arrays.copyOf(in, pos); // cut short
        case 2 -> remove(in, pos, span);
        case 3 ->
            insert(
                in, pos, Arrays.copyOfRange(in, Math.min(pos, size), Math.min(size, pos + span)));
        default -> insert(in, pos, token);
      };
    }

    private byte[] flip(byte[] in, int pos) {
      if (in.length == 0) {
        return token;
      }
      byte[] out = in.clone();
      out[Math.min(pos, in.length - 1)] ^= (byte) (1 << (length % 8));
      return out;
    }

    private static byte[] remove(byte[] in, int pos, int span) {
      int from = Math.min(pos, in.length);
      int to = Math.min(in.length, from + span);
      byte[] out = new byte[in.length - (to - from)];
      System.arraycopy(in, 0, out, 0, from);
      System.arraycopy(in, to, out, from, in.length - to);
      return out;
    }

    private static byte[] insert(byte[] in, int pos, byte[] what) {
      int at = Math.min(pos, in.length);
      byte[] out = new byte[in.length + what.length];
      System.arraycopy(in, 0, out, 0, at);
      System.arraycopy(what, 0, out, at, what.length);
      System.arraycopy(in, at, out, at + what.length, in.length - at);
      return out;
    }
  }
}
