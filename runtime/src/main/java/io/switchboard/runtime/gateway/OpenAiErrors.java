package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.runtime.quota.RateLimited;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;

/**
 * Errors in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}, with the
 * status OpenAI would send; a backend's own 4xx error travels as the request's failure reason and
 * is answered with its status and body unchanged.
 */
final class OpenAiErrors {
  private final ObjectMapper json;
  private final Duration retryAfter;

  OpenAiErrors(ObjectMapper json, Duration retryAfter) {
    this.json = json;
    this.retryAfter = retryAfter;
  }

  /** Returns the {@code error} object. */
  ObjectNode body(String message, String type, String param, String code) {
    ObjectNode root = json.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message).put("type", type).put("param", param).put("code", code);
    return root;
  }

  HttpResponse response(int status, String message, String type, String param, String code) {
    return response(status, body(message, type, param, code));
  }

  HttpResponse response(int status, JsonNode body) {
    HttpResponse response =
        HttpResponse.create()
            .withStatus(status)
            .withEntity(ContentTypes.APPLICATION_JSON, bytes(body));
    return status == 429 || status == 503
        ? response.addHeader(RetryAfter.create(Math.max(1, retryAfter.toSeconds())))
        : response;
  }

  /** OpenAI's 429 for a tenant over its rate limit, with the limiter's own {@code Retry-After}. */
  HttpResponse rateLimited(RateLimited refused) {
    return HttpResponse.create()
        .withStatus(429)
        .withEntity(
            ContentTypes.APPLICATION_JSON,
            bytes(body(refused.getMessage(), "requests", null, "rate_limit_exceeded")))
        .addHeader(RetryAfter.create(Math.max(1, (refused.retryAfter().toMillis() + 999) / 1000)));
  }

  HttpResponse badRequest(String message, String param) {
    return response(400, message, "invalid_request_error", param, null);
  }

  HttpResponse unauthorized(String reason) {
    return response(401, reason, "invalid_request_error", null, "invalid_api_key")
        .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "switchboard")));
  }

  /** Says the same for a model that is not served and one the caller may not use: nothing leaks. */
  HttpResponse unknownModel(String model) {
    return response(
        404,
        "The model `" + model + "` does not exist or you do not have access to it.",
        "invalid_request_error",
        "model",
        "model_not_found");
  }

  /** Returns the error of a call its pool ended by going (deleted, or moved to another topic). */
  ObjectNode poolGone(String reason) {
    return body(
        reason + "; nothing more will be generated for it: send it again once the pool is back",
        "invalid_request_error",
        "model",
        "model_not_found");
  }

  HttpResponse noBackend(String model) {
    return response(
        StatusCodes.SERVICE_UNAVAILABLE.intValue(),
        "no backend of model `" + model + "` is available now; try again shortly",
        "server_error",
        null,
        "no_backend");
  }

  /** Returns the answer to a request that failed before its first chunk. */
  HttpResponse of(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof SwitchboardException refused) {
      if (refused.code() == ErrorCode.REQUEST_FAILED) {
        BackendError error = BackendError.parse(json, refused.getMessage());
        return response(error.status(), error.body());
      }
      return response(status(refused.code()), body(refused));
    }
    return response(500, "internal error: " + cause, "server_error", null, "internal_error");
  }

  /** Returns the {@code error} object of a failure, for a stream that already answered 200. */
  ObjectNode body(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof SwitchboardException refused) {
      if (refused.code() == ErrorCode.REQUEST_FAILED) {
        return (ObjectNode) BackendError.parse(json, refused.getMessage()).body();
      }
      return body(
          refused.getMessage(), type(refused.code()), null, refused.code().name().toLowerCase());
    }
    return body("internal error: " + cause, "server_error", null, "internal_error");
  }

  private ObjectNode body(SwitchboardException refused) {
    return body(
        refused.getMessage(), type(refused.code()), null, refused.code().name().toLowerCase());
  }

  private static int status(ErrorCode code) {
    return switch (code) {
      case DEADLINE_EXCEEDED -> 504;
      case OVERLOADED -> 429;
      case INVALID_ARGUMENT, INVALID_MESSAGE -> 400;
      case PAYLOAD_TOO_LARGE -> 413;
      // the node is overloaded or a part of the cluster is away for a moment: the official
      // clients retry a 503, after Retry-After
      case UNKNOWN_TOPIC, TIMEOUT, NOT_READY, JOURNAL_FULL, PARTITION_UNREACHABLE -> 503;
      default -> 500;
    };
  }

  private static String type(ErrorCode code) {
    return switch (code) {
      case DEADLINE_EXCEEDED -> "timeout";
      case OVERLOADED -> "rate_limit_error";
      case INVALID_ARGUMENT, INVALID_MESSAGE, PAYLOAD_TOO_LARGE -> "invalid_request_error";
      default -> "server_error";
    };
  }

  byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
