package io.switchboard.runtime.http.publish;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One message in a publish body. The payload is either {@code payload} (any JSON value, stored
 * as {@code application/json} bytes) or {@code payloadBase64} with its {@code contentType}.
 */
public record MessageRequest(
    String id,
    String key,
    String type,
    String source,
    String target,
    Map<String, String> headers,
    JsonNode payload,
    String payloadBase64,
    String contentType,
    String idempotencyKey) {}
