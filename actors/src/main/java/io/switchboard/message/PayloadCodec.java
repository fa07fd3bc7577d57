package io.switchboard.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * Turns application values into message payload bytes and back, naming the content type to put on
 * the message.
 *
 * <p>Contract, shared by every implementation and checked by one contract test suite:
 *
 * <ul>
 *   <li>{@code decode(encode(v))} equals {@code v}; values must not be null;
 *   <li>{@code encode} throws {@link IllegalArgumentException} for a value it cannot encode (such
 *       as a class not registered with Kryo), saying how to fix it;
 *   <li>{@code decode} throws {@link IllegalArgumentException} for bytes that are not its encoding,
 *       quickly and without allocating memory sized from those bytes;
 *   <li>instances are immutable and thread-safe.
 * </ul>
 */
public interface PayloadCodec<T> {

  /** Returns the payload bytes of {@code value}. */
  byte[] encode(T value);

  /** Returns the value encoded in {@code bytes}. */
  T decode(byte[] bytes);

  /** Returns the content type of the bytes, for {@link MessageBuilder#payload(byte[], String)}. */
  String contentType();

  /** Returns a JSON codec for {@code type} with Switchboard's default object mapper. */
  static <T> PayloadCodec<T> json(Class<T> type) {
    return new JsonPayloadCodec<>(JsonPayloadCodec.defaultMapper(), type);
  }

  /** Returns a JSON codec for {@code type} using {@code mapper}, which it must not reconfigure. */
  static <T> PayloadCodec<T> json(ObjectMapper mapper, Class<T> type) {
    return new JsonPayloadCodec<>(mapper, type);
  }

  /** Returns a Kryo codec for the given classes, registered in this order with fixed ids. */
  static PayloadCodec<Object> kryo(List<Class<?>> classes) {
    return new KryoPayloadCodec(classes);
  }
}
