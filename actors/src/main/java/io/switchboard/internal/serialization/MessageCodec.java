package io.switchboard.internal.serialization;

import io.switchboard.message.Message;
import io.switchboard.message.PayloadSealing;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The binary form of a {@link Message} (format 1): the fields in declaration order, strings as
 * length-prefixed UTF-8 (null allowed where the record allows it), headers as a count and pairs,
 * the payload as a length and its bytes (copied once each way), {@code createdAt} as seconds and
 * nanoseconds. Used by {@link MessageSerializer} and by the partition's journal events. Format 2 is
 * the same with the payload sealed at rest ({@link PayloadSealing}: compressed, encrypted).
 */
public final class MessageCodec {
  private static final int FORMAT = 1;
  private static final int SEALED_FORMAT = 2;

  private MessageCodec() {}

  /**
   * Returns exactly how many bytes {@link #write(Message, BinaryOutput)} writes for {@code message}
   * (a payload sealed at rest has its size only once sealed: for it this is an estimate).
   */
  public static int size(Message message) {
    int size =
        1
            + BinaryOutput.stringSize(message.id())
            + BinaryOutput.stringSize(message.topic())
            + BinaryOutput.stringSize(message.key())
            + BinaryOutput.stringSize(message.type())
            + BinaryOutput.stringSize(message.source())
            + BinaryOutput.stringSize(message.target())
            + BinaryOutput.varIntSize(message.headers().size());
    for (Map.Entry<String, String> header : message.headers().entrySet()) {
      size += BinaryOutput.stringSize(header.getKey()) + BinaryOutput.stringSize(header.getValue());
    }
    int payload = message.payload().length;
    return size
        + BinaryOutput.varIntSize(payload)
        + payload
        + BinaryOutput.stringSize(message.contentType())
        + 8
        + 4
        + BinaryOutput.stringSize(message.idempotencyKey());
  }

  /**
   * Writes {@code message}; throws {@link IllegalArgumentException} for a string UTF-8 cannot
   * carry.
   */
  public static void write(Message message, BinaryOutput out) {
    write(message, out, null);
  }

  /**
   * Writes {@code message} with its payload sealed by {@code sealing} (format 2), or as {@link
   * #write(Message, BinaryOutput)} when {@code sealing} is null or leaves this message alone.
   */
  public static void write(Message message, BinaryOutput out, PayloadSealing sealing) {
    byte[] sealed = sealing == null ? null : sealing.seal(message);
    out.putByte(sealed == null ? FORMAT : SEALED_FORMAT);
    out.putString(message.id());
    out.putString(message.topic());
    out.putString(message.key());
    out.putString(message.type());
    out.putString(message.source());
    out.putString(message.target());
    out.putVarInt(message.headers().size());
    for (Map.Entry<String, String> header : message.headers().entrySet()) {
      out.putString(header.getKey());
      out.putString(header.getValue());
    }
    out.putBytes(sealed == null ? message.payload() : sealed);
    out.putString(message.contentType());
    out.putLong(message.createdAt().getEpochSecond());
    out.putInt(message.createdAt().getNano());
    out.putString(message.idempotencyKey());
  }

  /** Reads one message at {@code in}'s position (a heap buffer); throws on bytes it cannot read. */
  public static Message read(ByteBuffer in) {
    return read(in, null);
  }

  /**
   * Reads one message as {@link #read(ByteBuffer)}, opening a sealed payload with {@code sealing}.
   */
  public static Message read(ByteBuffer in, PayloadSealing sealing) {
    try {
      int format = in.get();
      if (format != FORMAT && format != SEALED_FORMAT) {
        throw new IllegalArgumentException("a message in unknown binary format " + format);
      }
      if (format == SEALED_FORMAT && sealing == null) {
        throw new IllegalArgumentException(
            "a message sealed at rest, and this node has no at-rest keys"
                + " (switchboard.at-rest)");
      }
      String id = string(in);
      String topic = string(in);
      String key = string(in);
      String type = string(in);
      String source = string(in);
      String target = string(in);
      // every header takes at least two bytes: a larger count is a garbled frame, not a map to size
      int headerCount = lengthWithin(in, in.remaining() / 2);
      Map<String, String> headers = new HashMap<>(headerCount * 2);
      for (int i = 0; i < headerCount; i++) {
        headers.put(string(in), string(in));
      }
      byte[] payload = new byte[lengthWithin(in, in.remaining())];
      in.get(payload);
      if (format == SEALED_FORMAT) {
        payload = sealing.open(id, topic, payload);
      }
      String contentType = string(in);
      Instant createdAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
      String idempotencyKey = string(in);
      return new Message(
          id,
          topic,
          key,
          type,
          source,
          target,
          headers,
          payload,
          contentType,
          createdAt,
          idempotencyKey);
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("a message cut short or garbled", e);
    }
  }

  /** Reads an unsigned varint as written by {@link BinaryOutput#putVarInt}. */
  public static int varInt(ByteBuffer in) {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = in.get();
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        if (value < 0) {
          break;
        }
        return value;
      }
    }
    throw new IllegalArgumentException("a length out of range");
  }

  /**
   * Reads a length and checks it against what the frame can hold, before anything is allocated for
   * it.
   */
  private static int lengthWithin(ByteBuffer in, int most) {
    int length = varInt(in);
    if (length > most) {
      throw new BufferUnderflowException();
    }
    return length;
  }

  /** Reads a string as written by {@link BinaryOutput#putString} (null as null). */
  public static String string(ByteBuffer in) {
    int length = varInt(in) - 1;
    if (length < 0) {
      return null;
    }
    if (length > in.remaining()) {
      throw new BufferUnderflowException();
    }
    String value =
        new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }
}
