package io.switchboard.internal.journal;

import io.switchboard.internal.serialization.BinaryOutput;
import io.switchboard.internal.serialization.OutputSerializer;
import io.switchboard.internal.serialization.RefFreeSerializer;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serialization$;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * Stored form of events and snapshots: Pekko's serializer id, its manifest and its bytes (as the
 * JDBC plugin stores them), after a format byte and the fields Pekko needs back on replay.
 */
final class ValueCodec {
  private static final byte FORMAT = 1;

  private final ExtendedActorSystem system;
  private final Serialization serialization;

  ValueCodec(ExtendedActorSystem system) {
    this.system = system;
    this.serialization = SerializationExtension.get(system);
  }

  /** Returns an event's stored form; throws when its payload cannot be serialized. */
  byte[] encodeEvent(PersistentRepr repr, long nowMillis) throws NotSerializableException {
    Object payload = repr.payload() instanceof Tagged tagged ? tagged.payload() : repr.payload();
    long timestamp = repr.timestamp() == 0 ? nowMillis : repr.timestamp();
    return encode(payload, timestamp, repr.writerUuid(), repr.manifest());
  }

  PersistentRepr decodeEvent(byte[] value, String persistenceId, long sequenceNr) {
    ByteBuffer in = ByteBuffer.wrap(value);
    checkFormat(in.get());
    long timestamp = in.getLong();
    int serializerId = in.getInt();
    String manifest = string(in);
    String writerUuid = string(in);
    String adapterManifest = string(in);
    Object payload = deserialize(in, serializerId, manifest);
    return PersistentRepr.apply(
            payload,
            sequenceNr,
            persistenceId,
            adapterManifest,
            false,
            ActorRef.noSender(),
            writerUuid)
        .withTimestamp(timestamp);
  }

  byte[] encodeSnapshot(Object snapshot, long timestamp) throws NotSerializableException {
    return encode(snapshot, timestamp, "", "");
  }

  static long snapshotTimestamp(byte[] value) {
    return ByteBuffer.wrap(value).getLong(1);
  }

  Object decodeSnapshot(byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    checkFormat(in.get());
    in.getLong();
    int serializerId = in.getInt();
    String manifest = string(in);
    string(in);
    string(in);
    return deserialize(in, serializerId, manifest);
  }

  private byte[] encode(Object payload, long timestamp, String writerUuid, String adapterManifest)
      throws NotSerializableException {
    try {
      Serializer serializer = serialization.findSerializerFor(payload);
      String manifest = Serializers.manifestFor(serializer, payload);
      byte[] manifestBytes = utf8(manifest);
      byte[] writerBytes = utf8(writerUuid);
      byte[] adapterBytes = utf8(adapterManifest);
      int header = 1 + 8 + 4 + 6 + manifestBytes.length + writerBytes.length + adapterBytes.length;
      // Ours write straight into the stored form: one array of the exact size, no copies.
      OutputSerializer direct = serializer instanceof OutputSerializer o ? o : null;
      byte[] bytes = direct == null ? serialize(serializer, payload) : null;
      BinaryOutput out =
          new BinaryOutput(header + (direct == null ? bytes.length : direct.size(payload)));
      out.putByte(FORMAT);
      out.putLong(timestamp);
      out.putInt(serializer.identifier());
      out.putShort(manifestBytes.length);
      out.putRaw(manifestBytes);
      out.putShort(writerBytes.length);
      out.putRaw(writerBytes);
      out.putShort(adapterBytes.length);
      out.putRaw(adapterBytes);
      if (direct == null) {
        out.putRaw(bytes);
      } else {
        direct.write(payload, out);
      }
      return out.toByteArray();
    } catch (Exception e) {
      // Pekko's serializers throw unchecked exceptions, and Jackson's checked ones undeclared
      // (JsonMappingException for a lone surrogate): either way a rejection, not a failure.
      NotSerializableException rejected =
          new NotSerializableException(payload.getClass().getName() + ": " + e.getMessage());
      rejected.initCause(e);
      throw rejected;
    }
  }

  private byte[] serialize(Serializer serializer, Object payload) {
    if (serializer instanceof RefFreeSerializer) {
      return serializer.toBinary(payload);
    }
    // Actor references in payloads serialize with this system's address, as between nodes.
    return Serialization$.MODULE$.withTransportInformation(
        system, () -> serializer.toBinary(payload));
  }

  private Object deserialize(ByteBuffer in, int serializerId, String manifest) {
    byte[] bytes = new byte[in.remaining()];
    in.get(bytes);
    return serialization.deserialize(bytes, serializerId, manifest).get();
  }

  private static byte[] utf8(String value) {
    byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0xFFFF) {
      throw new IllegalArgumentException("a manifest or writer id over 64 KiB: " + bytes.length);
    }
    return bytes;
  }

  private static String string(ByteBuffer in) {
    int length = Short.toUnsignedInt(in.getShort());
    String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }

  private static void checkFormat(byte format) {
    if (format != FORMAT) {
      throw new IllegalStateException("journal entry in unknown format " + format);
    }
  }
}
