package io.switchboard.runtime.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultTest {

  @Test
  void readsEachForm() {
    assertThat(Fault.parse("die-after=5")).isEqualTo(new Fault(Fault.Kind.DIE, 5, 0));
    assertThat(Fault.parse(" Stall-After=0 ")).isEqualTo(new Fault(Fault.Kind.STALL, 0, 0));
    assertThat(Fault.parse("status=503")).isEqualTo(new Fault(Fault.Kind.STATUS, 0, 503));
    assertThat(Fault.parse(null)).isEqualTo(Fault.NONE);
    assertThat(Fault.parse(" ")).isEqualTo(Fault.NONE);
  }

  @Test
  void refusesAnythingElseNamingTheAcceptedForms() {
    for (String bad :
        new String[] {"die", "die-after=-1", "status=200", "status=abc", "explode=1"}) {
      assertThatThrownBy(() -> Fault.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad)
          .hasMessageContaining("die-after=N");
    }
  }

  @Test
  void breaksOnlyOnceEnoughTokensWereSent() {
    Fault fault = Fault.parse("die-after=3");
    assertThat(fault.breaksAfter(2)).isFalse();
    assertThat(fault.breaksAfter(3)).isTrue();
    assertThat(Fault.NONE.breaksAfter(100)).isFalse();
    assertThat(Fault.parse("status=500").breaksAfter(100)).isFalse();
  }
}
