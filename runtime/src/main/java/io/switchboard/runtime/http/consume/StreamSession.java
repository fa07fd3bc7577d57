package io.switchboard.runtime.http.consume;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.switchboard.SwitchboardException;
import io.switchboard.consumer.AckResult;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.runtime.http.ApiCodes;
import io.switchboard.runtime.http.ApiContext;
import io.switchboard.runtime.http.ApiException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The frames of one WebSocket consumer: deliveries from {@code Switchboard.source} go out as text
 * frames; ack and nack frames come in and are answered on the same socket. Closing the socket
 * cancels the source, which leaves the group and returns unacknowledged messages. When the group or
 * its topic is deleted, a last error frame says so and the server closes the socket.
 */
final class StreamSession {
  // How long one client frame, once begun, may take to arrive whole (its size is bounded by
  // switchboard.http.max-stream-message-bytes): a stall, not a limit a client would tune.
  private static final long FRAME_TIMEOUT_MILLIS = 5_000;

  /**
   * Marks the answer to a message over the limit; replaced by an error frame, then the socket
   * closes.
   */
  private static final Message TOO_BIG = TextMessage.create("");

  private final ApiContext api;
  private final Materializer materializer;
  private final long maxMessageBytes;

  StreamSession(ApiContext api) {
    this.api = api;
    this.materializer = Materializer.matFromSystem(api.switchboard().system());
    this.maxMessageBytes = api.settings().maxStreamMessageBytes();
  }

  /** Returns the flow that serves one socket. */
  Flow<Message, Message, NotUsed> flow(String topic, String group, ConsumerSettings settings) {
    Source<Message, NotUsed> deliveries =
        api.switchboard()
            .source(topic, group, settings)
            .map(
                delivery -> {
                  api.metrics().delivered(topic, group, 1);
                  return text(StreamReply.delivery(DeliveryView.of(delivery, api.payloads())));
                })
            .recover(
                new PFBuilder<Throwable, Message>()
                    .match(
                        SwitchboardException.class,
                        gone -> text(StreamReply.error(gone.code().name(), gone.getMessage())))
                    .build())
            .mapMaterializedValue(control -> NotUsed.getInstance());
    return Flow.<Message>create()
        .mapAsync(1, frame -> answer(topic, group, frame))
        // a refused message ends the socket: its error frame is the last one sent
        .takeWhile(reply -> reply != TOO_BIG, true)
        .map(reply -> reply == TOO_BIG ? tooBig() : reply)
        .merge(deliveries, true);
  }

  private CompletionStage<Message> answer(String topic, String group, Message frame) {
    if (!frame.isText()) {
      frame.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
      return CompletableFuture.completedFuture(
          text(StreamReply.error("INVALID_ARGUMENT", "binary frames are not accepted")));
    }
    // stops reading at the limit (a failure here would close the socket with 1011)
    return frame
        .asTextMessage()
        .getStreamedText()
        .completionTimeout(Duration.ofMillis(FRAME_TIMEOUT_MILLIS))
        .runWith(
            Sink.foldWhile(
                new TextBuffer(), buffer -> buffer.bytes <= maxMessageBytes, TextBuffer::add),
            materializer)
        .thenComposeAsync(
            buffer ->
                buffer.bytes > maxMessageBytes
                    ? CompletableFuture.completedFuture(TOO_BIG)
                    : settle(topic, group, buffer.text.toString()),
            api.executor())
        .exceptionallyAsync(this::errorFrame, api.executor());
  }

  /** The text of one incoming message so far and its UTF-8 size; confined to one stream. */
  private static final class TextBuffer {
    final StringBuilder text = new StringBuilder();
    long bytes;

    TextBuffer add(String part) {
      bytes += utf8Length(part);
      text.append(part);
      return this;
    }
  }

  /** Returns the UTF-8 length of {@code text} without encoding it. */
  static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // a surrogate pair is 4 bytes: 2 for each half
      bytes += c < 0x80 ? 1 : (c < 0x800 || Character.isSurrogate(c) ? 2 : 3);
    }
    return bytes;
  }

  private Message tooBig() {
    return text(
        StreamReply.error(
            ApiCodes.PAYLOAD_TOO_LARGE,
            "a message is larger than "
                + maxMessageBytes
                + " bytes (switchboard.http.max-stream-message-bytes); closing the stream"));
  }

  private CompletionStage<Message> settle(String topic, String group, String text) {
    StreamFrame frame = api.convert(api.json().readTree(text.getBytes(UTF_8)), StreamFrame.class);
    boolean ack = frame.isAck();
    SettleRequest request = frame.toRequest();
    CompletionStage<AckResult> result =
        ack
            ? api.switchboard().ack(topic, group, request.parsed(api.settings().maxPull()))
            : api.switchboard()
                .nack(
                    topic,
                    group,
                    request.parsed(api.settings().maxPull()),
                    request.delay(api.settings().maxNackDelay()));
    return result.thenApplyAsync(
        done -> {
          api.metrics().settled(topic, group, ack ? "ack" : "nack", done.accepted().size());
          return text(StreamReply.settled(ack, SettleResult.of(done)));
        },
        api.executor());
  }

  private Message errorFrame(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return text(StreamReply.error(code(cause), String.valueOf(cause.getMessage())));
  }

  private static String code(Throwable cause) {
    if (cause instanceof SwitchboardException refused) {
      return refused.code().name();
    }
    if (cause instanceof ApiException api) {
      return api.code();
    }
    return "INVALID_ARGUMENT";
  }

  private Message text(StreamReply reply) {
    return TextMessage.create(new String(api.json().write(reply), UTF_8));
  }
}
