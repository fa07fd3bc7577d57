package io.switchboard.runtime.http.request;

import io.switchboard.SwitchboardException;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.RequestEndedException;
import io.switchboard.runtime.http.ApiCodes;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Turns a request's answer into a {@code text/event-stream} response. The status is decided before
 * the stream starts: a request refused before it was stored, or a reattach to an unknown or expired
 * one, answers a JSON error (404, 410, 429, ...); once streaming, a failure is an {@code error}
 * event.
 */
final class EventStreams {
  private final ReplyEvents events;
  private final Duration keepalive;
  private final Materializer materializer;
  private final Executor executor;

  EventStreams(
      ReplyEvents events, Duration keepalive, Materializer materializer, Executor executor) {
    this.events = events;
    this.keepalive = keepalive;
    this.materializer = materializer;
    this.executor = executor;
  }

  /**
   * Sends the request now; answers once it is stored (accepted event first) or refused; {@code
   * onGone} runs if the client leaves before the end.
   */
  CompletionStage<HttpResponse> request(
      Source<ReplyChunk, CompletionStage<Done>> answer, String requestId, Runnable onGone) {
    Pair<CompletionStage<Done>, Source<ReplyChunk, NotUsed>> started =
        answer.via(new DetachedCancel<>(onGone)).preMaterialize(materializer);
    return started
        .first()
        .handleAsync(
            (stored, failure) -> {
              if (failure != null) {
                started
                    .second()
                    .runWith(Sink.ignore(), materializer); // ends the half already running
                throw failure instanceof RuntimeException unchecked
                    ? unchecked
                    : new IllegalStateException(failure);
              }
              return response(
                  Source.single(events.accepted(requestId)).concat(body(started.second())));
            },
            executor);
  }

  /**
   * Answers once the first chunk (or the end, or a refusal) is known; {@code onGone} runs if the
   * client leaves before the end.
   */
  CompletionStage<HttpResponse> reattach(Source<ReplyChunk, NotUsed> rest, Runnable onGone) {
    return rest.via(new DetachedCancel<>(onGone))
        .prefixAndTail(1)
        .runWith(Sink.head(), materializer)
        .thenApplyAsync(
            first -> response(body(Source.from(first.first()).concat(first.second()))), executor);
  }

  private Source<ByteString, NotUsed> body(Source<ReplyChunk, NotUsed> chunks) {
    return chunks
        .map(events::chunk)
        .recover(new PFBuilder<Throwable, ByteString>().match(Throwable.class, this::error).build())
        .keepAlive(keepalive, () -> ReplyEvents.KEEP_ALIVE);
  }

  private ByteString error(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RequestEndedException ended && ended.usage() != null) {
      return events.error(ended.code().name(), ended.getMessage(), ended.usage());
    }
    return cause instanceof SwitchboardException refused
        ? events.error(refused.code().name(), refused.getMessage())
        : events.error(ApiCodes.INTERNAL_ERROR, String.valueOf(cause));
  }

  private static HttpResponse response(Source<ByteString, NotUsed> body) {
    return HttpResponse.create()
        .withEntity(
            HttpEntities.createChunked(ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM), body))
        .addHeader(CacheControl.create(CacheDirectives.NO_CACHE));
  }
}
