package io.switchboard.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.Materializer;

/**
 * Reads request bodies: at most {@code switchboard.http.max-body-bytes}, only {@code
 * application/json}, parsed strictly. Everything it refuses is refused before the library runs.
 */
public final class RequestBodies {
  private static final byte[] EMPTY = new byte[0];

  private final JsonCodec json;
  private final long maxBytes;
  private final long readTimeoutMillis;
  private final Materializer materializer;
  private final Executor executor;

  public RequestBodies(
      JsonCodec json,
      long maxBytes,
      long readTimeoutMillis,
      Materializer materializer,
      Executor executor) {
    this.json = json;
    this.maxBytes = maxBytes;
    this.readTimeoutMillis = readTimeoutMillis;
    this.materializer = materializer;
    this.executor = executor;
  }

  /** Returns the body as a JSON tree; an empty body is a 400. */
  public CompletionStage<JsonNode> required(HttpRequest request) {
    return optional(request)
        .thenApplyAsync(body -> body.orElseThrow(RequestBodies::missing), executor);
  }

  /** Returns the body as a JSON tree, or empty when the request has no body. */
  public CompletionStage<Optional<JsonNode>> optional(HttpRequest request) {
    return read(request)
        .thenApplyAsync(
            bytes ->
                bytes.length == 0 ? Optional.<JsonNode>empty() : Optional.of(json.readTree(bytes)),
            executor);
  }

  /** Returns the bytes of a JSON body, checked for size and type but not parsed; empty is a 400. */
  public CompletionStage<byte[]> bytes(HttpRequest request) {
    return read(request)
        .thenApplyAsync(
            bytes -> {
              if (bytes.length == 0) {
                throw missing();
              }
              return bytes;
            },
            executor);
  }

  /** Converts a tree into a request record, or throws a 400 naming the offending field. */
  public <T> T convert(JsonNode node, Class<T> type) {
    return json.convert(node, type);
  }

  private CompletionStage<byte[]> read(HttpRequest request) {
    HttpEntity entity = request.entity();
    if (entity.getContentLengthOption().isPresent()
        && entity.getContentLengthOption().getAsLong() > maxBytes) {
      entity.discardBytes(materializer);
      return CompletableFuture.failedFuture(ApiException.tooLarge(maxBytes));
    }
    if (entity.isKnownEmpty()) {
      return CompletableFuture.completedFuture(EMPTY);
    }
    if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      entity.discardBytes(materializer);
      return CompletableFuture.failedFuture(
          new ApiException(
              StatusCodes.UNSUPPORTED_MEDIA_TYPE,
              ApiCodes.UNSUPPORTED_MEDIA_TYPE,
              "expected Content-Type application/json, got " + entity.getContentType()));
    }
    return entity
        .toStrict(readTimeoutMillis, maxBytes, materializer)
        .thenApplyAsync(strict -> strict.getData().toArray(), executor);
  }

  private static ApiException missing() {
    return ApiException.invalid("a JSON body is required");
  }
}
