package io.switchboard.message;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Java-object payloads ({@code application/x-kryo}) with Kryo, for an explicit ordered list of
 * classes registered with fixed ids.
 *
 * <p>Registration is required so that bytes can only ever name a class the application listed: a
 * payload cannot make the reader instantiate an arbitrary class. The id of a class is {@link
 * #FIRST_ID} plus its position in the list, so the list may only grow at its end while data encoded
 * with it exists.
 *
 * <p>Bytes: a format byte, the CRC32C of the body (big endian), then the Kryo body. Kryo sizes
 * arrays, strings and collections from lengths it reads, so garbage handed to it could ask for
 * gigabytes; the checksum rejects corrupt or foreign bytes before Kryo reads them, and {@link
 * BoundedInput} and {@link BoundedSerializers} refuse a length larger than the bytes left (the
 * checksum is no defence against a payload made to pass it). Object references are not tracked:
 * payloads are trees of data, and tracking costs a map lookup per object.
 */
final class KryoPayloadCodec implements PayloadCodec<Object> {
  static final String CONTENT_TYPE = "application/x-kryo";

  /** Id of the first listed class; Kryo's own registrations (primitives, String) use 0–9. */
  static final int FIRST_ID = 16;

  private static final byte FORMAT = 1;
  private static final int HEADER = 5;
  private static final int INITIAL_BUFFER = 4 * 1024;
  // A pooled output keeps its buffer; one that grew for a large value is shrunk on return so
  // that the pool does not pin megabytes per slot.
  private static final int RETAINED_BUFFER = 64 * 1024;
  private static final int POOL_SIZE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private final List<Class<?>> classes;
  private final Pool<Kryo> kryos;
  private final Pool<Output> outputs;

  KryoPayloadCodec(List<Class<?>> classes) {
    this.classes = List.copyOf(classes);
    checkDistinct(this.classes);
    this.kryos =
        new Pool<>(true, false, POOL_SIZE) {
          @Override
          protected Kryo create() {
            return newKryo();
          }
        };
    this.outputs =
        new Pool<>(true, false, POOL_SIZE) {
          @Override
          protected Output create() {
            return new Output(INITIAL_BUFFER, -1);
          }

          @Override
          protected void reset(Output output) {
            if (output.getBuffer().length > RETAINED_BUFFER) {
              output.setBuffer(new byte[INITIAL_BUFFER], -1);
            } else {
              output.reset();
            }
          }
        };
    kryos.free(newKryo()); // fails now, not on first use, if a class cannot be registered
  }

  @Override
  public byte[] encode(Object value) {
    Objects.requireNonNull(value, "value");
    Kryo kryo = kryos.obtain();
    if (kryo.getClassResolver().getRegistration(value.getClass()) == null) {
      kryos.free(kryo);
      throw new IllegalArgumentException(unregistered(value.getClass()));
    }
    Output output = outputs.obtain();
    try {
      output.setPosition(HEADER);
      kryo.writeClassAndObject(output, value);
      byte[] bytes = output.toBytes();
      writeChecksum(bytes);
      kryos.free(kryo);
      return bytes;
    } catch (KryoException e) {
      // A Kryo that failed mid-graph may hold state, so it is dropped rather than freed.
      throw new IllegalArgumentException(
          "cannot encode " + value.getClass().getName() + " with Kryo: " + e.getMessage(), e);
    } finally {
      outputs.free(output);
    }
  }

  @Override
  public Object decode(byte[] bytes) {
    checkFrame(bytes);
    Kryo kryo = kryos.obtain();
    Input input = new BoundedInput(bytes, HEADER, bytes.length - HEADER);
    Object value;
    try {
      value = kryo.readClassAndObject(input);
    } catch (RuntimeException e) {
      // Bytes with a valid checksum from another class list can still fail in many ways.
      throw new IllegalArgumentException(
          "payload is not a valid Kryo payload: " + e.getMessage(), e);
    }
    kryos.free(kryo);
    if (value == null || input.position() != bytes.length) {
      throw new IllegalArgumentException("Kryo payload does not hold exactly one object");
    }
    return value;
  }

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  private Kryo newKryo() {
    Kryo kryo =
        new Kryo() {
          @Override
          @SuppressWarnings("rawtypes") // Kryo declares the parameter as a raw Class
          protected String unregisteredClassMessage(Class type) {
            return unregistered(type);
          }
        };
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    // A class with a no-arg constructor is built through it, any other through Objenesis, so
    // immutable payload classes need no constructor written just for Kryo.
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    for (int i = 0; i < classes.size(); i++) {
      Class<?> type = classes.get(i);
      if (kryo.getClassResolver().getRegistration(type) != null) {
        kryo.register(type, FIRST_ID + i); // Kryo's own (String, primitives): kept as they are
      } else {
        // collections and object arrays size themselves from a count in the bytes: bounded here,
        // and so are those bound to fields by annotations
        Serializer<?> serializer = BoundedSerializers.bound(kryo.getDefaultSerializer(type));
        BoundedSerializers.boundFields(serializer);
        kryo.register(type, serializer, FIRST_ID + i);
      }
    }
    return kryo;
  }

  private static void checkDistinct(List<Class<?>> classes) {
    for (int i = 0; i < classes.size(); i++) {
      int first = classes.indexOf(classes.get(i));
      if (first != i) {
        throw new IllegalArgumentException(
            "Kryo class list names "
                + classes.get(i).getName()
                + " twice, at positions "
                + first
                + " and "
                + i
                + "; each class needs one id");
      }
    }
  }

  private static String unregistered(Class<?> type) {
    String name = type == null ? "null" : type.getName();
    return "class "
        + name
        + " is not registered for Kryo payloads; add \""
        + name
        + "\" at the end of switchboard.kryo.classes (or of the list given to"
        + " PayloadCodec.kryo): the position in that list is its id on the wire";
  }

  private static void writeChecksum(byte[] bytes) {
    int crc = checksum(bytes);
    bytes[0] = FORMAT;
    bytes[1] = (byte) (crc >>> 24);
    bytes[2] = (byte) (crc >>> 16);
    bytes[3] = (byte) (crc >>> 8);
    bytes[4] = (byte) crc;
  }

  private static void checkFrame(byte[] bytes) {
    if (bytes.length <= HEADER || bytes[0] != FORMAT) {
      throw new IllegalArgumentException(
          "payload is not a Kryo payload of format " + FORMAT + " (" + bytes.length + " bytes)");
    }
    int stored =
        (bytes[1] & 0xff) << 24
            | (bytes[2] & 0xff) << 16
            | (bytes[3] & 0xff) << 8
            | bytes[4] & 0xff;
    if (stored != checksum(bytes)) {
      throw new IllegalArgumentException("Kryo payload is corrupt: checksum mismatch");
    }
  }

  private static int checksum(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, HEADER, bytes.length - HEADER);
    return (int) crc.getValue();
  }
}
