package io.switchboard.runtime.grpc;

import io.switchboard.ErrorCode;
import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.Receipt;
import io.switchboard.protocol.v1.Ack;
import io.switchboard.protocol.v1.ConsumeResponse;
import io.switchboard.protocol.v1.Error;
import io.switchboard.protocol.v1.Nack;
import io.switchboard.protocol.v1.RejectedReceipt;
import io.switchboard.protocol.v1.SettleResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The acks and nacks of one Consume stream. A receipt of a delivery this stream holds settles
 * through the delivery (batched by the consumer, no round trip); any other goes to the group with
 * {@code Switchboard.ack/nack}, which says whether it took effect. A refused receipt is a {@link
 * RejectedReceipt} in the answer, never a stream error.
 */
final class Settlements {
  private final GrpcEdge edge;
  private final String topic;
  private final String group;
  private final Unsettled unsettled;
  private final ResponseStream<ConsumeResponse> responses;
  private final Runnable afterSettle;

  /** Settles that went to the group and are not answered yet. */
  private int pending;

  private Runnable whenNonePending;

  Settlements(
      GrpcEdge edge,
      String topic,
      String group,
      Unsettled unsettled,
      ResponseStream<ConsumeResponse> responses,
      Runnable afterSettle) {
    this.edge = edge;
    this.topic = topic;
    this.group = group;
    this.unsettled = unsettled;
    this.responses = responses;
    this.afterSettle = afterSettle;
  }

  void ack(Ack ack) {
    settle(ack.getSettleId(), ack.getReceiptsList(), null);
  }

  void nack(Nack nack) {
    long delay = nack.getDelayMillis();
    long max = edge.settings().maxNackDelay().toMillis();
    if (delay < 0 || delay > max) {
      rejectAll(
          nack.getSettleId(),
          nack.getReceiptsList(),
          "delay_millis must be between 0 and "
              + max
              + " (switchboard.grpc.max-nack-delay), got "
              + delay);
      return;
    }
    settle(nack.getSettleId(), nack.getReceiptsList(), Duration.ofMillis(delay));
  }

  /** Settles {@code receipts}: an ack when {@code nackDelay} is null. */
  private void settle(
      long settleId, List<io.switchboard.protocol.v1.Receipt> receipts, Duration nackDelay) {
    if (receipts.size() > edge.settings().maxBatch()) {
      rejectAll(
          settleId,
          receipts,
          "an Ack or Nack holds at most "
              + edge.settings().maxBatch()
              + " receipts (switchboard.grpc.max-batch), got "
              + receipts.size());
      return;
    }
    SettleResult.Builder result = SettleResult.newBuilder().setSettleId(settleId);
    List<Receipt> others = new ArrayList<>();
    for (io.switchboard.protocol.v1.Receipt wire : receipts) {
      Receipt receipt = ProtoMessages.fromProto(wire);
      Delivery delivery = receipt == null ? null : unsettled.take(receipt);
      if (receipt == null) {
        result.addRejected(
            rejected(
                wire, "INVALID_RECEIPT", "not the receipt of any delivery (negative numbers)"));
      } else if (delivery == null && unsettled.settledHere(receipt)) {
        result.addRejected(
            rejected(wire, "STALE_RECEIPT", "this delivery was already settled on this stream"));
      } else if (delivery != null) {
        if (nackDelay == null) {
          delivery.ack();
        } else {
          delivery.nack(nackDelay);
        }
        result.setAccepted(result.getAccepted() + 1);
      } else {
        others.add(receipt);
      }
    }
    if (others.isEmpty()) {
      finish(result, nackDelay);
      return;
    }
    started();
    CompletionStage<AckResult> settled =
        nackDelay == null
            ? edge.switchboard().ack(topic, group, others)
            : edge.switchboard().nack(topic, group, others, nackDelay);
    settled.whenCompleteAsync(
        (answer, failure) -> {
          if (failure != null) {
            Error error = edge.errors().toError(failure);
            others.forEach(
                receipt ->
                    result.addRejected(
                        RejectedReceipt.newBuilder()
                            .setReceipt(ProtoMessages.toProto(receipt))
                            .setError(error)));
          } else {
            result.setAccepted(result.getAccepted() + answer.accepted().size());
            answer.rejected().forEach(receipt -> result.addRejected(refused(receipt)));
          }
          finish(result, nackDelay);
          ended();
        },
        edge.executor());
  }

  /**
   * Runs {@code then} once every settle read so far has taken effect and its answer is queued: at
   * once when none waits for the group. Receipts of this stream's deliveries settle at once.
   */
  void afterPending(Runnable then) {
    synchronized (this) {
      if (pending > 0) {
        whenNonePending = then;
        return;
      }
    }
    then.run();
  }

  private synchronized void started() {
    pending++;
  }

  private void ended() {
    Runnable then;
    synchronized (this) {
      if (--pending > 0 || whenNonePending == null) {
        return;
      }
      then = whenNonePending;
      whenNonePending = null;
    }
    then.run();
  }

  private RejectedReceipt refused(Receipt receipt) {
    unsettled.forget(receipt);
    io.switchboard.protocol.v1.Receipt wire = ProtoMessages.toProto(receipt);
    return unsettled.foreign(receipt)
        ? rejected(
            wire,
            "INVALID_RECEIPT",
            "this receipt belongs to another topic or group than '" + topic + "/" + group + "'")
        : rejected(
            wire,
            "STALE_RECEIPT",
            "this delivery is no longer leased to "
                + topic
                + "/"
                + group
                + " (already settled, lease over, or the partition restarted)");
  }

  private void rejectAll(
      long settleId, List<io.switchboard.protocol.v1.Receipt> receipts, String why) {
    SettleResult.Builder result = SettleResult.newBuilder().setSettleId(settleId);
    receipts.forEach(
        wire -> result.addRejected(rejected(wire, ErrorCode.INVALID_ARGUMENT.name(), why)));
    finish(result, null);
  }

  private void finish(SettleResult.Builder result, Duration nackDelay) {
    edge.metrics().grpc(nackDelay == null ? "acked" : "nacked", topic, group, result.getAccepted());
    if (result.getSettleId() == 0 && result.getRejectedCount() == 0) {
      responses.skip();
    } else {
      responses.answer(ConsumeResponse.newBuilder().setSettled(result).build());
    }
    afterSettle.run();
  }

  private static RejectedReceipt rejected(
      io.switchboard.protocol.v1.Receipt wire, String code, String why) {
    return RejectedReceipt.newBuilder()
        .setReceipt(wire)
        .setError(GrpcErrors.error(code, why, Duration.ZERO))
        .build();
  }
}
