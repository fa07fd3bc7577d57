package io.switchboard.runtime.http;

import java.util.Locale;

/** Decides how a stored payload is shown: as JSON when it is JSON, else as base64. */
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

  /**
   * Returns the payload as its own JSON bytes when its type is JSON and it holds one valid JSON
   * value (checked by scanning, never rebuilt), or null when it must be shown as base64.
   */
  public RawJson toJson(byte[] payload, String contentType) {
    if (!isJson(contentType) || payload.length == 0) {
      return null;
    }
    return json.rawValue(payload);
  }
}
