package io.switchboard.client.internal;

import io.switchboard.consumer.Settlement;
import io.switchboard.protocol.v1.Ack;
import io.switchboard.protocol.v1.ConsumeRequest;
import io.switchboard.protocol.v1.Nack;
import java.util.Queue;
import java.util.function.LongSupplier;

/** The acks and nacks a Consume stream has not sent yet: one Ack, and one Nack (one delay). */
final class SettleBatch {
  private final Ack.Builder acks = Ack.newBuilder();
  private Nack.Builder nacks = Nack.newBuilder();

  int size() {
    return acks.getReceiptsCount() + nacks.getReceiptsCount();
  }

  /**
   * Adds an ack or a nack; returns false, adding nothing, for a nack whose delay differs from the
   * waiting nacks' (send the batch first).
   */
  boolean add(Settlement settlement) {
    if (!(settlement instanceof Settlement.Nack nack)) {
      acks.addReceipts(WireFormat.toWire(settlement.receipt()));
      return true;
    }
    long millis = nack.delay().toMillis();
    if (nacks.getReceiptsCount() > 0 && nacks.getDelayMillis() != millis) {
      return false;
    }
    nacks.setDelayMillis(millis).addReceipts(WireFormat.toWire(nack.receipt()));
    return true;
  }

  /** Moves what waits into requests, each with a settle id from {@code ids}. */
  void drainTo(Queue<ConsumeRequest> requests, LongSupplier ids) {
    if (acks.getReceiptsCount() > 0) {
      requests.add(ConsumeRequest.newBuilder().setAck(acks.setSettleId(ids.getAsLong())).build());
    }
    if (nacks.getReceiptsCount() > 0) {
      requests.add(ConsumeRequest.newBuilder().setNack(nacks.setSettleId(ids.getAsLong())).build());
    }
    clear();
  }

  /** Drops what waits (its stream is gone: the node releases those deliveries itself). */
  void clear() {
    acks.clearReceipts();
    nacks = Nack.newBuilder();
  }
}
