package io.switchboard.request;

import io.switchboard.message.CborSerializable;
import java.util.Arrays;

/**
 * One element of a request's answer: a chunk ({@code last = false}) or the final reply ({@code last
 * = true}, the stream's last element). {@code seq} counts from 1 without gaps; a caller that
 * reattaches with cursor {@code seq} gets what follows it. {@code usage} is the token usage the
 * worker reported with its final reply, null on chunks and when it reported none.
 */
public record ReplyChunk(String requestId, long seq, byte[] payload, boolean last, Usage usage)
    implements CborSerializable {

  /** A chunk or final reply without token usage. */
  public ReplyChunk(String requestId, long seq, byte[] payload, boolean last) {
    this(requestId, seq, payload, last, null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplyChunk c
        && requestId.equals(c.requestId)
        && seq == c.seq
        && last == c.last
        && Arrays.equals(payload, c.payload)
        && java.util.Objects.equals(usage, c.usage);
  }

  @Override
  public int hashCode() {
    return requestId.hashCode() * 31 + Long.hashCode(seq);
  }

  /** Returns the payload as UTF-8 text. */
  public String text() {
    return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ReplyChunk["
        + requestId
        + "#"
        + seq
        + (last ? " final" : "")
        + ", "
        + payload.length
        + " bytes]";
  }
}
