package io.switchboard.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NamesTest {
  private static final Pattern REGEX = Pattern.compile(Names.PATTERN);

  @Test
  void loopAgreesWithThePattern() {
    String alphabet = "aZ09._-/ é:\u0000";
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      int length = random.nextInt(8);
      StringBuilder name = new StringBuilder();
      for (int j = 0; j < length; j++) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = name.toString();
      assertThat(Names.isValid(s)).as("'%s'", s).isEqualTo(REGEX.matcher(s).matches());
    }
  }

  @Test
  void lengthLimitIs200() {
    assertThat(Names.isValid("a".repeat(200))).isTrue();
    assertThat(Names.isValid("a".repeat(201))).isFalse();
    assertThat(REGEX.matcher("a".repeat(201)).matches()).isFalse();
    assertThat(Names.isValid("")).isFalse();
    assertThat(Names.isValid("orders.dlq")).isTrue();
    assertThat(Names.isValid(".orders")).isFalse();
  }
}
