package io.switchboard.internal.serialization;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.request.RequestEndedException;
import io.switchboard.request.Usage;
import java.io.NotSerializableException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko serializer of a {@link SwitchboardException} (bound in {@code pekko-defaults.conf}): its
 * code, message and, for the two kinds that carry one, the retry-after; a {@link
 * RequestEndedException}'s token usage. Entities answer a refused command with {@code
 * StatusReply.error(exception)}, which crosses the cluster through this, so the asker gets the same
 * typed refusal on any node (no "CODE: text" string to parse back). Neither the stack trace nor a
 * cause travels.
 */
public final class RefusalSerializer extends SerializerWithStringManifest {
  /** The serializer id (after the progress events' 7344). */
  public static final int IDENTIFIER = 7345;

  private static final String REFUSED = "R1";
  private static final String OVERLOADED = "O1";
  private static final String UNREACHABLE = "U1";
  private static final String ENDED = "E1";

  /** Creates the serializer; Pekko calls this with the system it serializes for. */
  public RefusalSerializer(ExtendedActorSystem system) {}

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof SwitchboardException.Overloaded) {
      return OVERLOADED;
    }
    if (o instanceof SwitchboardException.Unreachable) {
      return UNREACHABLE;
    }
    if (o instanceof RequestEndedException) {
      return ENDED;
    }
    if (o instanceof SwitchboardException) {
      return REFUSED;
    }
    throw new IllegalArgumentException("not a SwitchboardException: " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    SwitchboardException refusal = (SwitchboardException) o;
    // UTF-8 round trip: a lone surrogate quoted from bad input becomes '?' instead of failing the
    // write
    String message =
        new String(
            String.valueOf(refusal.getMessage()).getBytes(StandardCharsets.UTF_8),
            StandardCharsets.UTF_8);
    BinaryOutput out =
        new BinaryOutput(
            BinaryOutput.stringSize(refusal.code().name()) + BinaryOutput.stringSize(message) + 16);
    out.putString(refusal.code().name());
    out.putString(message);
    if (refusal instanceof SwitchboardException.Overloaded overloaded) {
      out.putLong(overloaded.retryAfter().toMillis());
    } else if (refusal instanceof SwitchboardException.Unreachable unreachable) {
      out.putLong(unreachable.retryAfter().toMillis());
    } else if (refusal instanceof RequestEndedException ended) {
      // -1 for no usage: a reported count is never negative
      out.putLong(ended.usage() == null ? -1 : ended.usage().promptTokens());
      out.putLong(ended.usage() == null ? -1 : ended.usage().completionTokens());
    }
    return out.toByteArray();
  }

  private static RequestEndedException ended(
      ErrorCode code, String message, long prompt, long completion) {
    return new RequestEndedException(
        code, message, prompt < 0 ? null : Usage.of(prompt, completion));
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      ErrorCode code = ErrorCode.valueOf(String.valueOf(MessageCodec.string(in)));
      String message = MessageCodec.string(in);
      return switch (manifest) {
        case REFUSED -> new SwitchboardException(code, message);
        case OVERLOADED ->
            new SwitchboardException.Overloaded(message, Duration.ofMillis(in.getLong()));
        case UNREACHABLE ->
            new SwitchboardException.Unreachable(message, Duration.ofMillis(in.getLong()));
        case ENDED -> ended(code, message, in.getLong(), in.getLong());
        default ->
            throw new NotSerializableException("unknown manifest " + manifest + " for a refusal");
      };
    } catch (IllegalArgumentException | BufferUnderflowException e) {
      NotSerializableException failure =
          new NotSerializableException("a refusal that cannot be read: " + e);
      failure.initCause(e);
      throw failure;
    }
  }
}
