package io.switchboard.message;

import com.typesafe.config.Config;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko serializer for Java objects with Kryo, registering the classes listed in {@code
 * switchboard.kryo.classes} (in order: the position is the id on the wire).
 *
 * <p>Bind your own classes to it; cluster messages of Switchboard itself use Jackson CBOR:
 *
 * <pre>{@code
 * pekko.actor {
 *   serializers.switchboard-kryo = "io.switchboard.message.KryoSerializer"
 *   serialization-bindings {
 *     "com.example.inference.Prompt" = switchboard-kryo
 *   }
 * }
 * # Append only: inserting or reordering changes the ids of the classes after it.
 * switchboard.kryo.classes = ["com.example.inference.Prompt", "[B"]
 * }</pre>
 *
 * <p>The manifest is the class name, checked against what the bytes decode to: it is never used to
 * load a class, but it turns a class list that differs between sender and receiver (for example
 * during a rolling upgrade) into a clear error instead of a wrong object.
 */
public final class KryoSerializer extends SerializerWithStringManifest {
  /** The serializer id; Pekko reserves 0 to 40 for itself. */
  public static final int IDENTIFIER = 7341;

  /** The configuration key listing the registered classes. */
  public static final String CLASSES_KEY = "switchboard.kryo.classes";

  private final KryoPayloadCodec codec;

  /** Creates the serializer; Pekko calls this with the system it serializes for. */
  public KryoSerializer(ExtendedActorSystem system) {
    this.codec =
        new KryoPayloadCodec(
            classes(system.settings().config(), system.dynamicAccess().classLoader()));
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    return o.getClass().getName();
  }

  @Override
  public byte[] toBinary(Object o) {
    return codec.encode(o);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    Object value;
    try {
      value = codec.decode(bytes);
    } catch (IllegalArgumentException e) {
      throw notSerializable(e.getMessage() + " (manifest " + manifest + ")", e);
    }
    if (!value.getClass().getName().equals(manifest)) {
      throw notSerializable(
          "Kryo bytes hold a "
              + value.getClass().getName()
              + " but the sender"
              + " sent a "
              + manifest
              + ": "
              + CLASSES_KEY
              + " differs between the two nodes",
          null);
    }
    return value;
  }

  private static NotSerializableException notSerializable(String message, Exception cause) {
    NotSerializableException e = new NotSerializableException(message);
    e.initCause(cause);
    return e;
  }

  static List<Class<?>> classes(Config config, ClassLoader loader) {
    if (!config.hasPath(CLASSES_KEY)) {
      return List.of();
    }
    List<String> names = config.getStringList(CLASSES_KEY);
    List<Class<?>> classes = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      try {
        classes.add(Class.forName(names.get(i), false, loader));
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException(
            CLASSES_KEY + "[" + i + "] = \"" + names.get(i) + "\": no such class", e);
      }
    }
    return classes;
  }
}
