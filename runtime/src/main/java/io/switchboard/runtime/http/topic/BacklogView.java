package io.switchboard.runtime.http.topic;

import io.switchboard.message.Message;
import io.switchboard.topic.BacklogEntry;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * A message waiting in a group's backlog, as a browse shows it: where it is stored, its envelope,
 * and the first bytes of its payload, as text when they are UTF-8 ({@code preview}), else as base64
 * ({@code previewBase64}); {@code truncated} says the payload is longer than the preview.
 */
public record BacklogView(
    int partition,
    long offset,
    String id,
    String key,
    String type,
    Map<String, String> headers,
    String contentType,
    String createdAt,
    int payloadBytes,
    String preview,
    String previewBase64,
    boolean truncated) {

  static BacklogView of(BacklogEntry entry, int previewBytes) {
    Message m = entry.message();
    byte[] payload = m.payload();
    int shown = Math.min(previewBytes, payload.length);
    String text = text(payload, shown);
    String base64 =
        text == null ? Base64.getEncoder().encodeToString(Arrays.copyOf(payload, shown)) : null;
    return new BacklogView(
        entry.partition(),
        entry.offset(),
        m.id(),
        m.key(),
        m.type(),
        m.headers(),
        m.contentType(),
        m.createdAt().toString(),
        payload.length,
        text,
        base64,
        shown < payload.length);
  }

  /**
   * Returns the first {@code length} bytes as text, leaving out a character the cut split; null
   * when not UTF-8.
   */
  private static String text(byte[] payload, int length) {
    ByteBuffer in = ByteBuffer.wrap(payload, 0, length);
    CharBuffer out = CharBuffer.allocate(length);
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    // not the end of input: bytes of a character the cut split stay in the buffer instead of
    // failing
    CoderResult result = decoder.decode(in, out, false);
    if (result.isError() || (in.hasRemaining() && length == payload.length)) {
      return null;
    }
    return out.flip().toString();
  }
}
