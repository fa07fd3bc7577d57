package io.switchboard.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.io.IOException;
import java.util.Objects;

/** JSON payloads ({@code application/json}) of one class, with Jackson. */
final class JsonPayloadCodec<T> implements PayloadCodec<T> {
  static final String CONTENT_TYPE = "application/json";

  // One shared mapper: building one is expensive and a configured mapper is thread-safe.
  // Modules named rather than discovered, so the JSON does not change with the classpath.
  private static final ObjectMapper DEFAULT_MAPPER =
      JsonMapper.builder()
          .addModule(new Jdk8Module())
          .addModule(new JavaTimeModule())
          .addModule(new ParameterNamesModule())
          // Producers and consumers upgrade at different times: a newer producer's extra fields
          // must not break an older consumer.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // ISO-8601 text, which clients in other languages parse without knowing Jackson's epoch.
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private final ObjectMapper mapper;
  private final Class<T> type;

  JsonPayloadCodec(ObjectMapper mapper, Class<T> type) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.type = Objects.requireNonNull(type, "type");
  }

  static ObjectMapper defaultMapper() {
    return DEFAULT_MAPPER;
  }

  @Override
  public byte[] encode(T value) {
    Objects.requireNonNull(value, "value");
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot encode " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public T decode(byte[] bytes) {
    try {
      T value = mapper.readValue(bytes, type);
      if (value == null) {
        throw new IllegalArgumentException("JSON payload is null, expected " + type.getName());
      }
      return value;
    } catch (JsonProcessingException e) {
      throw notJson(e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw notJson(e.getMessage(), e);
    }
  }

  private IllegalArgumentException notJson(String reason, Exception cause) {
    return new IllegalArgumentException(
        "payload is not the JSON of " + type.getName() + ": " + reason, cause);
  }

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }
}
