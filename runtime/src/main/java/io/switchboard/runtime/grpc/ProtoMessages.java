package io.switchboard.runtime.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.consumer.Delivery;
import io.switchboard.consumer.Receipt;
import io.switchboard.message.Message;
import io.switchboard.message.MessageBuilder;
import io.switchboard.message.MessageValidator;
import io.switchboard.priority.SchedulingHeaders;
import io.switchboard.producer.Confirm;
import java.time.Instant;

/** Converts messages, confirms, receipts and deliveries between the library and switchboard.v1. */
final class ProtoMessages {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final MessageValidator validator;

  ProtoMessages(MessageValidator validator) {
    this.validator = validator;
  }

  /**
   * Returns the checked library message of a published one (the same validation as the HTTP API's),
   * or throws {@code INVALID_MESSAGE} / {@code PAYLOAD_TOO_LARGE} / {@code INVALID_NAME}.
   */
  Message toMessage(io.switchboard.protocol.v1.Message proto) {
    return toMessage(proto, null);
  }

  /**
   * Returns the checked message with header {@code switchboard-tenant} set to {@code tenant} (null:
   * the client's stays).
   */
  Message toMessage(io.switchboard.protocol.v1.Message proto, String tenant) {
    MessageBuilder builder =
        Message.builder(proto.getTopic())
            .key(orNull(proto.getKey()))
            .type(orNull(proto.getType()))
            .source(orNull(proto.getSource()))
            .target(orNull(proto.getTarget()))
            .idempotencyKey(orNull(proto.getIdempotencyKey()))
            .headers(proto.getHeadersMap());
    if (tenant != null) {
      // the builder copies the headers once anyway: overwriting there costs no further copy
      builder.header(SchedulingHeaders.TENANT, tenant);
    }
    if (!proto.getId().isEmpty()) {
      if (proto.getId().isBlank()) {
        throw new SwitchboardException(ErrorCode.INVALID_MESSAGE, "id must not be blank");
      }
      builder.id(proto.getId());
    }
    String contentType =
        proto.getContentType().isEmpty() ? Message.DEFAULT_CONTENT_TYPE : proto.getContentType();
    builder.payload(proto.getPayload().toByteArray(), contentType);
    return validator.validate(builder.build());
  }

  /** Returns the wire form of a stored message, as a delivery or a dead letter carries it. */
  static io.switchboard.protocol.v1.Message toProto(Message message) {
    io.switchboard.protocol.v1.Message.Builder builder =
        io.switchboard.protocol.v1.Message.newBuilder()
            .setId(message.id())
            .setTopic(message.topic())
            .putAllHeaders(message.headers())
            // the message owns its payload and never changes it: no copy
            .setPayload(wrap(message.payload()))
            .setContentType(message.contentType())
            .setCreatedAtUnixNanos(nanos(message.createdAt()));
    if (message.key() != null) {
      builder.setKey(message.key());
    }
    if (message.type() != null) {
      builder.setType(message.type());
    }
    if (message.source() != null) {
      builder.setSource(message.source());
    }
    if (message.target() != null) {
      builder.setTarget(message.target());
    }
    if (message.idempotencyKey() != null) {
      builder.setIdempotencyKey(message.idempotencyKey());
    }
    return builder.build();
  }

  static io.switchboard.protocol.v1.Confirm toProto(Confirm confirm) {
    return io.switchboard.protocol.v1.Confirm.newBuilder()
        .setMessageId(confirm.messageId())
        .setTopic(confirm.topic())
        .setPartition(confirm.partition())
        .setOffset(confirm.offset())
        .setDuplicate(confirm.duplicate())
        .build();
  }

  static io.switchboard.protocol.v1.Delivery toProto(Delivery delivery) {
    return io.switchboard.protocol.v1.Delivery.newBuilder()
        .setMessage(toProto(delivery.message()))
        .setReceipt(toProto(delivery.receipt()))
        .setAttempt(delivery.attempt())
        .build();
  }

  static io.switchboard.protocol.v1.Receipt toProto(Receipt receipt) {
    return io.switchboard.protocol.v1.Receipt.newBuilder()
        .setPartition(receipt.partition())
        .setOffset(receipt.offset())
        .setAttempt(receipt.attempt())
        .setEpoch(receipt.epoch())
        .setBinding(receipt.binding())
        .build();
  }

  /** Returns the library receipt, or null when no delivery can have given it (negative numbers). */
  static Receipt fromProto(io.switchboard.protocol.v1.Receipt receipt) {
    if (receipt.getPartition() < 0 || receipt.getOffset() < 0 || receipt.getAttempt() < 1) {
      return null;
    }
    return new Receipt(
        receipt.getPartition(),
        receipt.getOffset(),
        receipt.getAttempt(),
        receipt.getEpoch(),
        receipt.getBinding());
  }

  private static ByteString wrap(byte[] bytes) {
    return bytes.length == 0 ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(bytes);
  }

  private static long nanos(Instant instant) {
    return Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND) + instant.getNano();
  }

  private static String orNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
