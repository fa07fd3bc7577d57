package io.switchboard.internal.partition;

import com.typesafe.config.Config;
import io.switchboard.atrest.AtRestSettings;
import io.switchboard.atrest.PayloadSealer;
import io.switchboard.internal.serialization.BinaryOutput;
import io.switchboard.internal.serialization.MessageCodec;
import io.switchboard.internal.serialization.OutputSerializer;
import io.switchboard.message.Message;
import io.switchboard.message.PayloadSealing;
import java.io.NotSerializableException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko serializer of the journal's most frequent event, {@link PartitionEvent.Enqueued}: first
 * offset, time and the messages in {@link MessageCodec}'s binary form (bound in {@code
 * pekko-defaults.conf}). Events written before it by Jackson CBOR keep their serializer id in the
 * journal and still read through Jackson. With {@code switchboard.at-rest} on, payloads are stored
 * sealed (compressed, encrypted) by {@link PayloadSealer}; what was stored either way reads back.
 */
public final class EnqueuedSerializer extends SerializerWithStringManifest
    implements OutputSerializer {
  /** The serializer id (next to {@code MessageSerializer}'s 7342). */
  public static final int IDENTIFIER = 7343;

  private static final String ENQUEUED = "E1";
  private static final String AT_REST = "switchboard.at-rest";

  /** How payloads are stored, or null: as they are. */
  private final PayloadSealing sealing;

  /** Creates the serializer; Pekko calls this with the system it serializes for. */
  public EnqueuedSerializer(ExtendedActorSystem system) {
    // without a system (a test of the binary form) payloads are stored as they are
    Config config = system == null ? null : system.settings().config();
    this.sealing =
        config != null && config.hasPath(AT_REST)
            ? PayloadSealer.of(AtRestSettings.fromConfig(config.getConfig(AT_REST))).orElse(null)
            : null;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof PartitionEvent.Enqueued) {
      return ENQUEUED;
    }
    throw new IllegalArgumentException("not an Enqueued event: " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    BinaryOutput out = new BinaryOutput(size(o));
    write(o, out);
    return out.toByteArray();
  }

  @Override
  public int size(Object o) {
    List<Message> messages = enqueued(o).messages();
    int size = 8 + 8 + BinaryOutput.varIntSize(messages.size());
    for (Message message : messages) {
      size += MessageCodec.size(message);
    }
    return size;
  }

  @Override
  public void write(Object o, BinaryOutput out) {
    PartitionEvent.Enqueued enqueued = enqueued(o);
    out.putLong(enqueued.firstOffset());
    out.putLong(enqueued.atMillis());
    out.putVarInt(enqueued.messages().size());
    for (Message message : enqueued.messages()) {
      MessageCodec.write(message, out, sealing);
    }
  }

  private static PartitionEvent.Enqueued enqueued(Object o) {
    if (o instanceof PartitionEvent.Enqueued enqueued) {
      return enqueued;
    }
    throw new IllegalArgumentException("not an Enqueued event: " + o.getClass().getName());
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    if (!ENQUEUED.equals(manifest)) {
      throw new NotSerializableException("unknown manifest " + manifest + " for an Enqueued event");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      long firstOffset = in.getLong();
      long atMillis = in.getLong();
      int count = MessageCodec.varInt(in);
      List<Message> messages = new ArrayList<>(Math.min(count, in.remaining()));
      for (int i = 0; i < count; i++) {
        messages.add(MessageCodec.read(in, sealing));
      }
      return new PartitionEvent.Enqueued(firstOffset, messages, atMillis);
    } catch (IllegalArgumentException | BufferUnderflowException e) {
      NotSerializableException failure =
          new NotSerializableException("an Enqueued event that cannot be read: " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }
}
