package io.switchboard.internal.serialization;

import io.switchboard.message.Message;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko serializer of a {@link Message} on its own in {@link MessageCodec}'s binary form (bound in
 * {@code pekko-defaults.conf}): cheaper than Jackson CBOR for a payload of opaque bytes. Messages
 * inside other cluster messages stay in those messages' CBOR.
 */
public final class MessageSerializer extends SerializerWithStringManifest
    implements OutputSerializer {
  /** The serializer id; Pekko reserves 0 to 40 for itself, the Kryo serializer has 7341. */
  public static final int IDENTIFIER = 7342;

  private static final String MESSAGE = "M1";

  /** Creates the serializer; Pekko calls this with the system it serializes for. */
  public MessageSerializer(ExtendedActorSystem system) {}

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof Message) {
      return MESSAGE;
    }
    throw new IllegalArgumentException("not a Message: " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    BinaryOutput out = new BinaryOutput(size(o));
    write(o, out);
    return out.toByteArray();
  }

  @Override
  public int size(Object o) {
    return MessageCodec.size(message(o));
  }

  @Override
  public void write(Object o, BinaryOutput out) {
    MessageCodec.write(message(o), out);
  }

  private static Message message(Object o) {
    if (o instanceof Message message) {
      return message;
    }
    throw new IllegalArgumentException("not a Message: " + o.getClass().getName());
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    if (!MESSAGE.equals(manifest)) {
      throw new NotSerializableException("unknown manifest " + manifest + " for a Message");
    }
    try {
      return MessageCodec.read(ByteBuffer.wrap(bytes));
    } catch (IllegalArgumentException e) {
      NotSerializableException failure = new NotSerializableException(e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }
}
