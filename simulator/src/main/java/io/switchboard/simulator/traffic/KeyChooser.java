package io.switchboard.simulator.traffic;

import java.util.SplittableRandom;

/**
 * Draws key numbers for one stream and names them; -1 stands for "no key".
 *
 * <p>Zipf draws search a precomputed cumulative table (log n per draw); key strings are built on
 * first use and kept, so a key costs one allocation per run, not one per message.
 */
public final class KeyChooser {
  private final KeySpec spec;
  private final SplittableRandom random;
  private final double[] cumulative;
  private final String[] names;

  /** Creates a chooser drawing from {@code random}. */
  public KeyChooser(KeySpec spec, SplittableRandom random) {
    this.spec = spec;
    this.random = random;
    this.names = new String[spec.conversations()];
    this.cumulative = spec.shape() == KeySpec.Shape.ZIPF ? zipfTable(spec) : null;
  }

  /** Returns how many distinct keys this stream uses (0 when unkeyed). */
  public int keyCount() {
    return spec.shape() == KeySpec.Shape.NONE ? 0 : spec.conversations();
  }

  /** Returns the next key number, or -1 when the stream sends no keys. */
  public int next() {
    return switch (spec.shape()) {
      case NONE -> -1;
      case UNIFORM -> random.nextInt(spec.conversations());
      case ZIPF -> search(random.nextDouble());
    };
  }

  /** Returns the key string for a number from {@link #next}, or null for -1. */
  public String name(int key) {
    if (key < 0) {
      return null;
    }
    String name = names[key];
    if (name == null) {
      name = spec.prefix() + key;
      names[key] = name;
    }
    return name;
  }

  private int search(double u) {
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > u) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  private static double[] zipfTable(KeySpec spec) {
    double[] table = new double[spec.conversations()];
    double sum = 0;
    for (int i = 0; i < table.length; i++) {
      sum += 1 / Math.pow(i + 1, spec.exponent());
      table[i] = sum;
    }
    for (int i = 0; i < table.length; i++) {
      table[i] /= sum;
    }
    table[table.length - 1] = 1.0;
    return table;
  }
}
