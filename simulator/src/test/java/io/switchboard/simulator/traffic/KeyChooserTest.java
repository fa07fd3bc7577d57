package io.switchboard.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyChooserTest {

  @Test
  void zipfFollowsOneOverRankToTheExponent() {
    KeyChooser chooser =
        new KeyChooser(new KeySpec(KeySpec.Shape.ZIPF, 100, 1.0, "c-"), new SplittableRandom(5));
    int[] counts = new int[100];
    int n = 1_000_000;
    for (int i = 0; i < n; i++) {
      counts[chooser.next()]++;
    }
    double harmonic = 0;
    for (int k = 1; k <= 100; k++) {
      harmonic += 1.0 / k;
    }
    assertThat(counts[0] / (double) n).isCloseTo(1 / harmonic, withPercentage(1));
    assertThat(counts[0] / (double) counts[1]).isCloseTo(2.0, withPercentage(2));
  }

  @Test
  void uniformCoversEveryKey() {
    KeyChooser chooser =
        new KeyChooser(new KeySpec(KeySpec.Shape.UNIFORM, 10, 0, "k"), new SplittableRandom(5));
    boolean[] seen = new boolean[10];
    for (int i = 0; i < 1000; i++) {
      seen[chooser.next()] = true;
    }
    assertThat(seen).containsOnly(true);
  }

  @Test
  void namesKeysWithPrefixAndNoKeyIsNull() {
    KeyChooser chooser =
        new KeyChooser(new KeySpec(KeySpec.Shape.UNIFORM, 10, 0, "conv-"), new SplittableRandom(5));

    assertThat(chooser.name(7)).isEqualTo("conv-7");
    assertThat(chooser.name(-1)).isNull();
    assertThat(new KeyChooser(KeySpec.none(), new SplittableRandom(1)).next()).isEqualTo(-1);
  }
}
