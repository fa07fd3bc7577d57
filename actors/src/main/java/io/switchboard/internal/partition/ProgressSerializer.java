package io.switchboard.internal.partition;

import io.switchboard.internal.serialization.BinaryOutput;
import io.switchboard.internal.serialization.MessageCodec;
import io.switchboard.internal.serialization.OutputSerializer;
import java.io.NotSerializableException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko serializer of the journal's progress events, {@link PartitionEvent.Settled} (acks) and
 * {@link PartitionEvent.DeliveredThrough}: the group, then the offsets, in {@link BinaryOutput}'s
 * form (bound in {@code pekko-defaults.conf}). They are written with nearly every ack and delivery,
 * and Jackson CBOR took several times their bytes and CPU. Events written before by Jackson keep
 * their serializer id in the journal and still read through it.
 */
public final class ProgressSerializer extends SerializerWithStringManifest
    implements OutputSerializer {
  /** The serializer id (after {@link EnqueuedSerializer}'s 7343). */
  public static final int IDENTIFIER = 7344;

  private static final String SETTLED = "S1";
  private static final String DELIVERED_THROUGH = "D1";

  /** Creates the serializer; Pekko calls this with the system it serializes for. */
  public ProgressSerializer(ExtendedActorSystem system) {}

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof PartitionEvent.Settled) {
      return SETTLED;
    }
    if (o instanceof PartitionEvent.DeliveredThrough) {
      return DELIVERED_THROUGH;
    }
    throw notOurs(o);
  }

  @Override
  public byte[] toBinary(Object o) {
    BinaryOutput out = new BinaryOutput(size(o));
    write(o, out);
    return out.toByteArray();
  }

  @Override
  public int size(Object o) {
    if (o instanceof PartitionEvent.Settled settled) {
      return BinaryOutput.stringSize(settled.group())
          + BinaryOutput.varIntSize(settled.offsets().length)
          + 8 * settled.offsets().length
          + 1;
    }
    if (o instanceof PartitionEvent.DeliveredThrough through) {
      return BinaryOutput.stringSize(through.group()) + 8;
    }
    throw notOurs(o);
  }

  @Override
  public void write(Object o, BinaryOutput out) {
    if (o instanceof PartitionEvent.Settled settled) {
      out.putString(settled.group());
      out.putVarInt(settled.offsets().length);
      for (long offset : settled.offsets()) {
        out.putLong(offset);
      }
      out.putByte(settled.deadLettered() ? 1 : 0);
    } else if (o instanceof PartitionEvent.DeliveredThrough through) {
      out.putString(through.group());
      out.putLong(through.offset());
    } else {
      throw notOurs(o);
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      if (SETTLED.equals(manifest)) {
        String group = string(in);
        int count = MessageCodec.varInt(in);
        if (count > in.remaining() / 8) {
          throw new BufferUnderflowException();
        }
        long[] offsets = new long[count];
        for (int i = 0; i < count; i++) {
          offsets[i] = in.getLong();
        }
        return new PartitionEvent.Settled(group, offsets, in.get() != 0);
      }
      if (DELIVERED_THROUGH.equals(manifest)) {
        return new PartitionEvent.DeliveredThrough(string(in), in.getLong());
      }
    } catch (IllegalArgumentException | BufferUnderflowException e) {
      NotSerializableException failure =
          new NotSerializableException("a progress event that cannot be read: " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
    throw new NotSerializableException("unknown manifest " + manifest + " for a progress event");
  }

  private static String string(ByteBuffer in) {
    int length = MessageCodec.varInt(in) - 1;
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("a group name cut short or missing");
    }
    String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }

  private static IllegalArgumentException notOurs(Object o) {
    return new IllegalArgumentException(
        "not a Settled or DeliveredThrough event: " + o.getClass().getName());
  }
}
