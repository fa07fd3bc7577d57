package io.switchboard.runtime.http.publish;

import io.switchboard.runtime.http.RawJson;
import java.util.Map;

/**
 * One message in a publish body. The payload is either {@code payload} (any JSON value, stored as
 * the exact bytes it was written with) or {@code payloadBase64} with its {@code contentType}.
 */
public record MessageRequest(
    String id,
    String key,
    String type,
    String source,
    String target,
    Map<String, String> headers,
    RawJson payload,
    String payloadBase64,
    String contentType,
    String idempotencyKey) {}
