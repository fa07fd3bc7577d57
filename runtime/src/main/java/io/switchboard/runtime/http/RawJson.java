package io.switchboard.runtime.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.util.Arrays;

/**
 * One JSON value kept as the exact bytes it was written with: read from a request body without
 * being parsed into numbers, written into an answer as is. Numbers beyond double precision, spacing
 * and key order survive the trip.
 */
@JsonDeserialize(using = RawJson.Reader.class)
public final class RawJson extends JsonSerializable.Base {
  /** The JSON {@code null}: what {@code "payload": null} stores. */
  static final RawJson NULL = new RawJson("null".getBytes(UTF_8));

  private final byte[] bytes;

  /** Wraps bytes that hold exactly one valid UTF-8 JSON value. */
  RawJson(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Returns the bytes of the value; the caller must not change them. */
  public byte[] bytes() {
    return bytes;
  }

  @Override
  public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
    gen.writeRawValue(new String(bytes, UTF_8));
  }

  @Override
  public void serializeWithType(
      JsonGenerator gen, SerializerProvider serializers, TypeSerializer type) throws IOException {
    serialize(gen, serializers);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RawJson raw && Arrays.equals(bytes, raw.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return new String(bytes, UTF_8);
  }

  /**
   * The body being read and the deepest nesting a value may have; a reader carries it as the
   * attribute keyed by this class.
   */
  record Source(byte[] body, int maxDepth) {}

  /** Slices a value out of the body by its byte offsets, checking its nesting on the way. */
  static final class Reader extends StdDeserializer<RawJson> {
    private static final long serialVersionUID = 1L;

    Reader() {
      super(RawJson.class);
    }

    @Override
    public RawJson deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Source source = (Source) ctxt.getAttribute(Source.class);
      long start = p.currentTokenLocation().getByteOffset();
      if (source == null || start < 0) {
        // not reading a UTF-8 body directly (a tree, a token buffer): keep the value, not its
        // spelling
        return new RawJson(ctxt.readTree(p).toString().getBytes(UTF_8));
      }
      skipValue(p, source.maxDepth());
      long end = p.currentLocation().getByteOffset();
      return new RawJson(Arrays.copyOfRange(source.body(), (int) start, (int) end));
    }

    @Override
    public RawJson getNullValue(DeserializationContext ctxt) {
      return NULL;
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
      // a field left out is absent, unlike an explicit null
      return null;
    }

    /** Moves past the current value, leaving the parser on its last token, fully read. */
    private static void skipValue(JsonParser p, int maxDepth) throws IOException {
      JsonToken token = p.currentToken();
      if (token.isScalarValue()) {
        p.finishToken();
        return;
      }
      int depth = 0;
      do {
        if (token.isStructStart() && ++depth > maxDepth) {
          throw new StreamConstraintsException(
              "a JSON payload nests deeper than "
                  + maxDepth
                  + " levels (switchboard.http.max-json-depth)");
        }
        if (token.isStructEnd()) {
          depth--;
        }
        token = depth == 0 ? token : p.nextToken();
      } while (depth > 0);
    }
  }
}
