package io.switchboard.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiptTest {
  @Test
  void theTextFormPadsTheBindingToEightHexDigitsAndReadsBack() {
    assertThat(new Receipt(3, 42, 1, 7, 0xab).encode()).isEqualTo("3-42-1-7-000000ab");
    assertThat(new Receipt(0, 0, 1, 1, 0).encode()).isEqualTo("0-0-1-1-00000000");
    // negative ints are unsigned on the wire: the epoch in decimal, the binding in hex
    Receipt high = new Receipt(1023, 123_456_789_012_345_678L, 999_999_999, -1, 0xdeadbeef);
    assertThat(high.encode()).isEqualTo("1023-123456789012345678-999999999-4294967295-deadbeef");
    for (Receipt receipt : new Receipt[] {high, new Receipt(5, 9, 2, 0x7fff_ffff, 0x0102_0304)}) {
      assertThat(Receipt.parse(receipt.encode())).isEqualTo(receipt);
    }
  }
}
