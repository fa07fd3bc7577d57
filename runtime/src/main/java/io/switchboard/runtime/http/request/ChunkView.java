package io.switchboard.runtime.http.request;

import io.switchboard.request.ReplyChunk;
import io.switchboard.request.Usage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A reply chunk as JSON: {@code text} when its bytes are UTF-8, else {@code payloadBase64}; the
 * final reply with {@code usage} ({@code promptTokens}, {@code completionTokens}) when its worker
 * reported one.
 */
public record ChunkView(
    String requestId, long seq, boolean last, String text, String payloadBase64, Usage usage) {

  static ChunkView of(ReplyChunk chunk) {
    String text = utf8(chunk.payload());
    return new ChunkView(
        chunk.requestId(),
        chunk.seq(),
        chunk.last(),
        text,
        text == null ? Base64.getEncoder().encodeToString(chunk.payload()) : null,
        chunk.usage());
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException notText) {
      return null;
    }
  }
}
