package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Switchboard;
import io.switchboard.request.ReplyChunk;
import io.switchboard.runtime.http.ClientConnection;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The HTTP answer of an admitted call: its replies as OpenAI's Server-Sent Events (with comment
 * lines through silences) or as one whole body, the caller's leaving cancelling the request, and a
 * failure before the first chunk as an HTTP error in OpenAI's shape.
 */
final class CallResponses {
  private final Switchboard switchboard;
  private final OpenAiErrors errors;
  private final Answers answers;
  private final Materializer materializer;
  private final Executor executor;
  private final Duration sseKeepalive;

  CallResponses(
      Switchboard switchboard,
      OpenAiErrors errors,
      Answers answers,
      Materializer materializer,
      Executor executor,
      Duration sseKeepalive) {
    this.switchboard = switchboard;
    this.errors = errors;
    this.answers = answers;
    this.materializer = materializer;
    this.executor = executor;
    this.sseKeepalive = sseKeepalive;
  }

  /**
   * Answers 200 with events once the first chunk is in; a request refused before it answers with
   * its error.
   */
  CompletionStage<HttpResponse> streamed(
      FinalReply.Stamp stamp,
      Pool pool,
      String requestId,
      Source<ReplyChunk, ?> replies,
      boolean includeUsage) {
    return replies
        .prefixAndTail(1)
        .runWith(Sink.head(), materializer)
        .handleAsync(
            (first, failure) -> {
              if (failure != null) {
                pool.calls().remove(requestId);
                return failed(pool, failure);
              }
              AtomicBoolean answered = new AtomicBoolean();
              Source<ByteString, NotUsed> events =
                  Source.from(first.first())
                      .concat(first.second())
                      .map(chunk -> answers.event(chunk, includeUsage, stamp))
                      .filter(event -> !event.isEmpty())
                      .concat(
                          Source.lazySingle(
                              () -> {
                                answered.set(true);
                                return Answers.DONE;
                              }))
                      .recover(
                          new PFBuilder<Throwable, ByteString>()
                              .match(
                                  Throwable.class,
                                  f -> {
                                    answered.set(true); // the request ended with this error
                                    return answers.event(errors.bytes(failedBody(pool, f)));
                                  })
                              .build())
                      .watchTermination(
                          (mat, ended) -> cancelUnlessAnswered(pool, requestId, answered, ended));
              return HttpResponse.create()
                  .withEntity(
                      HttpEntities.createChunked(
                          ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM),
                          sseKeepalive.isZero()
                              ? events
                              : events.keepAlive(sseKeepalive, () -> Answers.KEEP_ALIVE)))
                  .addHeader(CacheControl.create(CacheDirectives.NO_CACHE));
            },
            executor);
  }

  /**
   * Cancels the request when the caller went away before the end: an OpenAI client cannot reattach,
   * so no grace for a reattach is worth the backend's time. Idempotent: an ended request stays as
   * it ended.
   */
  private NotUsed cancelUnlessAnswered(
      Pool pool, String requestId, AtomicBoolean answered, CompletionStage<Done> ended) {
    ended.whenCompleteAsync(
        (done, failure) -> {
          pool.calls().remove(requestId);
          if (!answered.get()) {
            switchboard.requestSide().cancel(requestId, "the client went away");
          }
        },
        executor);
    return NotUsed.getInstance();
  }

  /**
   * Answers once the whole answer is in. A caller whose connection closes before that cancels the
   * request as a streaming one does: pekko-http tells a route nothing of it, the connection does.
   */
  CompletionStage<HttpResponse> whole(
      FinalReply.Stamp stamp,
      Pool pool,
      String requestId,
      HttpRequest request,
      Source<ReplyChunk, ?> replies) {
    Runnable forget =
        ClientConnection.of(request)
            .map(
                connection ->
                    connection.whenClosed(
                        () -> switchboard.requestSide().cancel(requestId, "the client went away")))
            .orElse(() -> {});
    return replies
        .runWith(Sink.seq(), materializer)
        .handleAsync(
            (chunks, failure) -> {
              forget.run();
              pool.calls().remove(requestId);
              return failure != null
                  ? failed(pool, failure)
                  : errors.response(200, answers.whole(stamp, chunks));
            },
            executor);
  }

  /** Answers a call that failed before its first chunk; one its pool ended says so. */
  private HttpResponse failed(Pool pool, Throwable failure) {
    return pool.calls()
        .endedIt(failure)
        .map(reason -> errors.response(404, errors.poolGone(reason)))
        .orElseGet(() -> errors.of(failure));
  }

  /** Returns the error event of a stream that failed after it answered 200. */
  private ObjectNode failedBody(Pool pool, Throwable failure) {
    return pool.calls()
        .endedIt(failure)
        .map(errors::poolGone)
        .orElseGet(() -> errors.body(failure));
  }
}
