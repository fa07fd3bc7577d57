package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Switchboard;
import io.switchboard.consumer.ConsumerControl;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.request.RequestDelivery;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hosted worker of a pool for one backend: a consumer of the pool's topic holding at most the
 * backend's max-concurrency calls. When its backend fails a call it leaves the group, so the
 * partition gives the call (and the others it held) to the rest of the pool with what was streamed;
 * it probes the backend every retry-backoff and rejoins once it answers.
 */
final class Connector {
  private static final Logger log = LoggerFactory.getLogger(Connector.class);

  private final PoolSettings pool;
  private final BackendSettings backend;
  private final String consumerId;
  private final String group;
  private final Switchboard switchboard;
  private final ActorSystem<?> system;
  private final HttpClient http;
  private final ObjectMapper json;
  private final AtomicBoolean up = new AtomicBoolean();
  private volatile ConsumerControl control;
  private volatile boolean closed;

  Connector(
      PoolSettings pool,
      BackendSettings backend,
      String consumerId,
      String group,
      Switchboard switchboard,
      HttpClient http,
      ObjectMapper json) {
    this.pool = pool;
    this.backend = backend;
    this.consumerId = consumerId;
    this.group = group;
    this.switchboard = switchboard;
    this.system = switchboard.system();
    this.http = http;
    this.json = json;
  }

  /** Returns whether its backend is in the pool (not out after a failure). */
  boolean up() {
    return up.get();
  }

  int maxAttempts() {
    return pool.maxAttempts();
  }

  /** Joins the pool's group and starts taking calls. */
  void join() {
    if (closed || !up.compareAndSet(false, true)) {
      return;
    }
    ConsumerSettings consumer =
        new ConsumerSettings(consumerId, backend.maxConcurrency(), backend.capacity())
            .withTokenBudget(backend.tokenBudget()); // the partition holds calls past it back
    Pair<ConsumerControl, CompletionStage<Done>> running =
        switchboard
            .requests(pool.topic(), group, consumer)
            .mapAsyncUnordered(backend.maxConcurrency(), this::call)
            .toMat(Sink.ignore(), Keep.both())
            .run(Materializer.matFromSystem(system));
    ConsumerControl mine = running.first();
    control = mine;
    running
        .second()
        .whenCompleteAsync(
            (done, failure) -> {
              if (failure != null && control == mine && up.compareAndSet(true, false)) {
                log.warn(
                    "connector {} of pool {} stopped: {}; rejoining after {}",
                    consumerId,
                    pool.model(),
                    failure.toString(),
                    pool.retryBackoff());
                probeLater();
              }
            },
            system.executionContext());
    log.info(
        "connector {} serves pool {} with {} (up to {} calls at once)",
        consumerId,
        pool.model(),
        backend.url(),
        backend.maxConcurrency());
  }

  /** Leaves the pool until a probe finds the backend answering again. */
  void backendFailed(String why) {
    if (!up.compareAndSet(true, false)) {
      return;
    }
    log.warn(
        "backend {} of pool {} failed ({}); out of the pool, probing again in {}",
        backend.url(),
        pool.model(),
        why,
        pool.retryBackoff());
    ConsumerControl current = control;
    if (current != null) {
      current.stop();
    }
    probeLater();
  }

  /** Leaves the pool for good (the node stops). */
  CompletionStage<Done> close() {
    closed = true;
    ConsumerControl current = control;
    up.set(false);
    return current == null ? CompletableFuture.completedFuture(Done.getInstance()) : current.stop();
  }

  private CompletionStage<Done> call(RequestDelivery delivery) {
    Endpoint endpoint = Endpoint.ofType(delivery.message().type()).orElse(null);
    JsonNode body = read(delivery.message().payload());
    if (endpoint == null || !(body instanceof ObjectNode callerBody)) {
      return delivery
          .fail(
              BackendError.of(
                      json,
                      400,
                      "not a gateway call: type '" + delivery.message().type() + "'",
                      "invalid_request_error",
                      null)
                  .toReason(json))
          .exceptionallyAsync(f -> Done.getInstance(), system.executionContext());
    }
    Resumption resumption =
        new Resumption(
            endpoint,
            json,
            endpoint.answerId(delivery.requestId()),
            pool.model(),
            delivery.message().createdAt().getEpochSecond(),
            backend.continuation(),
            delivery.streamed());
    if (resumption.resumed()) {
      log.info(
          "call {} continues on {} after {} chunks (attempt {})",
          delivery.requestId(),
          backend.url(),
          delivery.streamed().size(),
          delivery.attempt());
    }
    return new BackendCall(
            delivery, endpoint, backend, this, json, system.executionContext(), resumption)
        .run(http, callerBody);
  }

  private void probeLater() {
    if (closed) {
      return;
    }
    system.scheduler().scheduleOnce(pool.retryBackoff(), this::probe, system.executionContext());
  }

  private void probe() {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(backend.endpoint("models")).timeout(backend.connectTimeout()).GET();
    if (!backend.apiKey().isEmpty()) {
      request.header("Authorization", "Bearer " + backend.apiKey());
    }
    http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
        .whenCompleteAsync(
            (response, failure) -> {
              if (failure == null && response.statusCode() / 100 == 2) {
                log.info(
                    "backend {} of pool {} answers again: rejoining", backend.url(), pool.model());
                join();
              } else {
                probeLater();
              }
            },
            system.executionContext());
  }

  private JsonNode read(byte[] payload) {
    try {
      return json.readTree(payload);
    } catch (IOException e) {
      return null;
    }
  }
}
