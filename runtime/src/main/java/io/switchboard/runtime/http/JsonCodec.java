package io.switchboard.runtime.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;

/**
 * Strict JSON for the API: unknown fields, numbers as strings, blank strings as absent values,
 * floats as integers and trailing data are refused, so a typo is an error instead of a silently
 * ignored setting. Every reader and writer limit comes from {@link JsonLimits}.
 */
public final class JsonCodec {
  private final ObjectMapper mapper;
  private final JsonLimits limits;

  /** Returns a codec with the default limits. */
  public JsonCodec() {
    this(JsonLimits.DEFAULT);
  }

  public JsonCodec(JsonLimits limits) {
    this.limits = limits;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(limits.readConstraints())
            .streamWriteConstraints(limits.writeConstraints())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper =
        JsonMapper.builder(factory)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .defaultPropertyInclusion(
                JsonInclude.Value.construct(
                    JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            // "" or "  " is not an absent number, boolean or object: it is the wrong type
            .withCoercionConfigDefaults(
                config ->
                    config
                        .setAcceptBlankAsEmpty(false)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            // numbers and booleans where a string is expected are refused too ("key": 5)
            .withCoercionConfig(
                LogicalType.Textual,
                config ->
                    config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public JsonLimits limits() {
    return limits;
  }

  /** Parses a whole body into a tree, or throws a 400 saying where the JSON breaks. */
  public JsonNode readTree(byte[] body) {
    try {
      JsonNode node = mapper.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiException.malformed("the request body is empty, expected a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /**
   * Reads a body token by token with {@code reading}, whose {@link RawJson} values are slices of
   * {@code body}; throws a 400 for broken JSON, a wrong shape or data after the value.
   */
  public <T> T read(byte[] body, BodyReader<T> reading) {
    ObjectReader reader =
        mapper
            .reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .withAttribute(RawJson.Source.class, new RawJson.Source(body, limits.maxDepth()));
    try (JsonParser parser = reader.createParser(body)) {
      if (parser.nextToken() == null) {
        throw ApiException.malformed("the request body is empty, expected a JSON object");
      }
      T value = reading.read(parser, reader);
      if (parser.nextToken() != null) {
        throw ApiException.malformed("the request body has data after its JSON value");
      }
      return value;
    } catch (IOException e) {
      throw translate(e);
    }
  }

  /**
   * Returns {@code bytes} as a raw JSON value when they hold exactly one valid UTF-8 JSON value.
   */
  public RawJson rawValue(byte[] bytes) {
    if (!looksLikeUtf8(bytes)) {
      return null;
    }
    try (JsonParser parser = mapper.createParser(bytes)) {
      if (parser.nextToken() == null) {
        return null;
      }
      parser.skipChildren();
      // nextToken reads the rest: a string's escapes and UTF-8 are checked on the way
      return parser.nextToken() == null ? new RawJson(bytes) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Converts a tree into a request record, or throws a 400 naming the offending field. */
  public <T> T convert(JsonNode node, Class<T> type) {
    if (!node.isObject()) {
      throw ApiException.invalid(
          "expected a JSON object, got " + node.getNodeType().name().toLowerCase());
    }
    try {
      return mapper.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw translate(e);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage());
    }
  }

  /** Returns the 400 that explains why a body could not be read. */
  public ApiException translate(IOException failure) {
    if (failure instanceof StreamConstraintsException limit) {
      return ApiException.invalid(limitMessage(limit));
    }
    if (failure.getCause() instanceof StreamConstraintsException limit) {
      // hit while binding a field: the limit is the news, not the field
      return ApiException.invalid(limitMessage(limit));
    }
    if (failure instanceof UnrecognizedPropertyException e) {
      return ApiException.invalid("unknown field '" + path(e) + "'");
    }
    if (failure instanceof MismatchedInputException e) {
      return ApiException.invalid("field '" + path(e) + "' must be " + expected(e.getTargetType()));
    }
    if (failure instanceof JsonMappingException
        && failure.getCause() instanceof JsonParseException broken) {
      // broken JSON met while binding a field (a lone surrogate in a key): the body is not JSON
      return ApiException.malformed("the request body is not valid JSON: " + firstLine(broken));
    }
    if (failure instanceof JsonMappingException e) {
      return ApiException.invalid(firstLine(e));
    }
    return ApiException.malformed("the request body is not valid JSON: " + firstLine(failure));
  }

  /** Returns the JSON bytes of a value. */
  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /** Returns an answer with a JSON body. */
  public HttpResponse response(StatusCode status, Object body) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, write(body));
  }

  /** Reads a value from a parser positioned on its first token. */
  @FunctionalInterface
  public interface BodyReader<T> {
    /** Returns the value read; {@code reader} binds records, with raw payloads. */
    T read(JsonParser parser, ObjectReader reader) throws IOException;
  }

  private static boolean looksLikeUtf8(byte[] bytes) {
    // UTF-16 and UTF-32 JSON has a NUL in its first four bytes; a BOM would be written out raw
    if (bytes.length >= 3
        && bytes[0] == (byte) 0xEF
        && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF) {
      return false;
    }
    for (int i = 0; i < Math.min(4, bytes.length); i++) {
      if (bytes[i] == 0) {
        return false;
      }
    }
    return true;
  }

  private String limitMessage(StreamConstraintsException limit) {
    String text = String.valueOf(limit.getOriginalMessage());
    if (text.contains("switchboard.http.")) {
      return text;
    }
    if (text.contains("NestingDepth")) {
      return "the JSON nests deeper than allowed: a payload may nest "
          + limits.maxDepth()
          + " levels (switchboard.http.max-json-depth)";
    }
    if (text.contains("NumberLength")) {
      return "a JSON number is longer than "
          + limits.maxNumberLength()
          + " characters (switchboard.http.max-json-number-length)";
    }
    return "the JSON is larger than "
        + limits.maxDocumentBytes()
        + " bytes or holds that many tokens (switchboard.http.max-body-bytes)";
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "(body)" : path.toString();
  }

  private static String firstLine(Exception e) {
    String text = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (text == null) {
      return e.getClass().getSimpleName();
    }
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    if (e instanceof JsonProcessingException j && j.getLocation() != null) {
      line +=
          " (line "
              + j.getLocation().getLineNr()
              + ", column "
              + j.getLocation().getColumnNr()
              + ")";
    }
    return line;
  }
}
