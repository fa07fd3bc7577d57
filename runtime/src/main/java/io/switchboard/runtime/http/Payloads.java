package io.switchboard.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;

/** Converts payloads between JSON bodies and message bytes. */
public final class Payloads {
  /** Content type given to payloads sent as {@code "payload": <json>}. */
  public static final String JSON = "application/json";

  private final JsonCodec json;

  public Payloads(JsonCodec json) {
    this.json = json;
  }

  /** Returns true for {@code application/json} and {@code application/*+json}, any parameters. */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals(JSON) || (type.startsWith("application/") && type.endsWith("+json"));
  }

  /** Returns the JSON bytes of a payload given as a JSON value. */
  public byte[] toBytes(JsonNode payload) {
    return json.write(payload);
  }

  /** Returns the payload as a JSON value when it is JSON, or null when it must be base64. */
  public JsonNode toJson(byte[] payload, String contentType) {
    if (!isJson(contentType) || payload.length == 0) {
      return null;
    }
    try {
      return json.mapper().readTree(payload);
    } catch (IOException e) {
      return null;
    }
  }
}
