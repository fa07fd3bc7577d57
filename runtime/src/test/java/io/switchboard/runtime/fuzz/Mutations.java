package io.switchboard.runtime.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Byte-level mutations of corpus entries, as a jqwik {@link Arbitrary}: each input is an entry
 * changed by one to four edits (a flipped byte, a cut, a removed or repeated slice, a hostile
 * token inserted), or left as it is so that the valid road is walked too.
 */
public final class Mutations {
  /** Tokens that break parsers in known ways: limits, types, encodings, structure. */
  private static final List<byte[]> TOKENS = List.of(
      bytes("{"), bytes("}"), bytes("["), bytes("]"), bytes("\""), bytes(","), bytes(":"),
      bytes("null"), bytes("true"), bytes("-"), bytes("1e999999999"), bytes("-0.0"),
      bytes("9".repeat(5000)), bytes("\\u0000"), bytes("\\ud800"), bytes("\u00e9\ud83d\ude00"),
      bytes("[".repeat(3000)), bytes("{\"a\":".repeat(500)), bytes("x".repeat(70_000)),
      new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {0},
      new byte[] {(byte) 0x9F}, new byte[] {(byte) 0xBF, (byte) 0xFF}, new byte[] {(byte) 0x80},
      // varints of Integer.MAX_VALUE and 500 million: lengths and counts no frame can hold
      new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07},
      new byte[] {(byte) 0x80, (byte) 0xCA, (byte) 0xB5, (byte) 0xEE, 0x01});

  private Mutations() {}

  /** Returns entries of {@code corpus}, each changed by up to four edits (none: the valid road is walked too). */
  public static Arbitrary<byte[]> of(List<byte[]> corpus) {
    Arbitrary<byte[]> seed = Arbitraries.of(corpus);
    Arbitrary<Edit> edit = Combinators.combine(
        Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, Integer.MAX_VALUE),
        Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.of(TOKENS)).as(Edit::new);
    return Combinators.combine(seed, edit.list().ofMinSize(0).ofMaxSize(4)).as((entry, edits) -> {
      byte[] out = entry;
      for (Edit e : edits) {
        out = e.apply(out);
      }
      return out;
    }).withoutEdgeCases();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** One edit at a position drawn as {@code at}, of a length drawn as {@code length}. */
  private record Edit(int kind, int at, int length, byte[] token) {
    byte[] apply(byte[] in) {
      int size = in.length;
      int pos = size == 0 ? 0 : at % (size + 1);
      int span = size == 0 ? 0 : 1 + length % Math.max(1, Math.min(64, size - Math.min(pos, size - 1)));
      return switch (kind) {
        case 0 -> flip(in, pos);
        case 1 -> Arrays.copyOf(in, pos); // cut short
        case 2 -> remove(in, pos, span);
        case 3 -> insert(in, pos, Arrays.copyOfRange(in, Math.min(pos, size), Math.min(size, pos + span)));
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
