package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.request.RequestDelivery;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import org.apache.pekko.Done;

/**
 * One request given to a connector, sent to its backend: streams relay each event as a reply chunk,
 * or the events that arrive while the previous reply is being stored as one chunk ({@link
 * RelayedEvents}), and complete with the usage event; a whole answer (embeddings) completes at
 * once. A backend 4xx fails the request with the backend's error; a 5xx, 429, a refused or a
 * dropped connection tells the connector that its backend failed (it leaves the pool, so the
 * request is given to another). A request cancelled for the connector (caller gone, deadline, given
 * to another) closes the call.
 */
final class BackendCall implements Flow.Subscriber<String> {
  private final RequestDelivery delivery;
  private final Endpoint endpoint;
  private final BackendSettings backend;
  private final Connector connector;
  private final ObjectMapper json;
  private final Executor executor;
  private final Resumption resumption;
  private final CompletableFuture<Done> finished = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;
  private volatile boolean stopped;
  private volatile CompletableFuture<HttpResponse<String>> exchange;
  private HttpClient http;
  // touched by the subscriber's callbacks, which the HTTP client calls one at a time, and by
  // complete() once a backend call has ended
  private volatile boolean sawDone;
  private volatile ObjectNode usage;
  // Shared by the subscriber's callbacks and the completions of replies: guarded by this lock.
  private final Object lock = new Object();
  private final List<byte[]> gathered = new ArrayList<>();
  private boolean replying; // a reply is being stored: events that arrive are gathered
  private boolean
      readingHeld; // gathered is full: the backend is read again once the reply is stored
  private boolean streamEnded; // [DONE] and the end of the stream came: complete once all is stored
  private volatile boolean abandoned; // the backend failed this call: what is gathered is not sent

  BackendCall(
      RequestDelivery delivery,
      Endpoint endpoint,
      BackendSettings backend,
      Connector connector,
      ObjectMapper json,
      Executor executor,
      Resumption resumption) {
    this.delivery = delivery;
    this.endpoint = endpoint;
    this.backend = backend;
    this.connector = connector;
    this.json = json;
    this.executor = executor;
    this.resumption = resumption;
  }

  /**
   * Calls the backend; completes when this connector is done with the request, whatever the
   * outcome.
   */
  CompletionStage<Done> run(HttpClient http, ObjectNode callerBody) {
    this.http = http;
    delivery.cancelled().thenAcceptAsync(outcome -> stop(), executor);
    ObjectNode body = resumption.backendBody(callerBody, backend.model());
    if (body == null) {
      complete(); // every choice was whole before the last backend broke: only the end is due
    } else {
      send(body);
    }
    return finished;
  }

  /** Sends one backend call; a continuation of several choices sends one after the other. */
  private void send(ObjectNode body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(backend.endpoint(endpoint.path()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    if (!backend.apiKey().isEmpty()) {
      request.header("Authorization", "Bearer " + backend.apiKey());
    }
    exchange =
        http.sendAsync(
            request.build(),
            info ->
                info.statusCode() / 100 == 2 && endpoint.streams()
                    ? BodySubscribers.mapping(
                        BodySubscribers.fromLineSubscriber(this), ignored -> "")
                    : BodySubscribers.ofString(StandardCharsets.UTF_8));
    exchange.whenCompleteAsync(this::answered, executor);
    if (stopped) {
      exchange.cancel(true);
    }
  }

  /**
   * The exchange ended: a whole answer, an error status, or a connection that failed before any
   * line.
   */
  private void answered(HttpResponse<String> response, Throwable failure) {
    if (stopped) {
      finished.complete(Done.getInstance()); // we closed it: the caller left, or the call moved on
      return;
    }
    if (failure != null) {
      if (subscription == null) {
        backendFailed("could not call " + backend.url() + ": " + OpenAiErrors.unwrap(failure));
      }
      return; // a stream's own failure is onError's
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      if (endpoint.streams()) {
        return; // the stream's end is onComplete's
      }
      if (read(response.body()) instanceof ObjectNode whole) {
        ObjectNode answer = resumption.whole(whole);
        settle(delivery.complete(bytes(answer), FinalReply.usageOf(answer)));
      } else {
        backendFailed(backend.url() + " answered 200 with a body that is not a JSON object");
      }
    } else if (status == 429 || status >= 500) {
      backendFailed(backend.url() + " answered " + status);
    } else {
      settle(delivery.fail(BackendError.ofAnswer(json, status, response.body()).toReason(json)));
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (stopped) {
      subscription.cancel();
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onNext(String line) {
    try {
      relay(line);
    } catch (RuntimeException unreadable) {
      // an event not shaped as OpenAI's: the stream cannot be trusted further
      stop();
      backendFailed(backend.url() + " sent an event it could not relay: " + unreadable);
    }
  }

  private void relay(String line) {
    if (!line.startsWith("data:")) {
      subscription.request(
          1); // blank lines end events; comments and other fields carry nothing to relay
      return;
    }
    String data = line.substring(5).trim();
    if (data.equals("[DONE]")) {
      sawDone = true;
      subscription.request(1);
      return;
    }
    JsonNode event = read(data.getBytes(StandardCharsets.UTF_8));
    if (!(event instanceof ObjectNode chunk) || event.has("error")) {
      // vLLM reports an engine failure mid-stream as an error event: the stream is broken
      stop();
      backendFailed(backend.url() + " broke the stream: " + data);
      return;
    }
    if (chunk.path("choices").isArray() && chunk.get("choices").isEmpty() && chunk.has("usage")) {
      usage = chunk;
      subscription.request(1);
      return;
    }
    ObjectNode relayed = resumption.relay(chunk);
    if (relayed == null) {
      subscription.request(1);
      return;
    }
    gatherOrReply(bytes(relayed));
  }

  /**
   * Replies with the event at once when no reply is being stored; else gathers it for the next
   * reply. Reads on while fewer than max-gathered-events wait: the caller's pace (a reply is held
   * while the caller has a window unread) still reaches the backend, a bounded batch later.
   */
  private void gatherOrReply(byte[] event) {
    boolean now;
    boolean readOn;
    synchronized (lock) {
      now = !replying;
      if (now) {
        replying = true;
      } else {
        gathered.add(event);
      }
      readOn = gathered.size() < backend.maxGatheredEvents();
      readingHeld = !readOn;
    }
    if (now) {
      reply(event);
    }
    if (readOn) {
      subscription.request(1);
    }
  }

  private void reply(byte[] payload) {
    delivery
        .reply(payload)
        .whenCompleteAsync(
            (stored, refused) -> {
              if (refused == null) {
                replied();
              } else {
                stop();
                finished.complete(Done.getInstance());
              }
            },
            executor);
  }

  /**
   * A reply is stored: sends what was gathered meanwhile as one, or completes a stream that ended.
   */
  private void replied() {
    byte[] next = null;
    boolean readAgain;
    boolean complete = false;
    synchronized (lock) {
      if (!gathered.isEmpty() && !abandoned && !stopped) {
        next = RelayedEvents.join(gathered);
        gathered.clear();
      } else {
        replying = false;
        complete = streamEnded && !stopped;
      }
      readAgain = readingHeld && next != null;
      readingHeld = readingHeld && !readAgain;
    }
    if (next != null) {
      reply(next);
    }
    if (readAgain) {
      subscription.request(1);
    }
    if (complete) {
      complete();
    }
  }

  /**
   * Sends the next backend call of a continuation, or completes with the usage event, its usage
   * counted by the node as well as sent to the caller.
   */
  private void complete() {
    ObjectNode following = resumption.nextCall(usage);
    if (following != null) {
      // the next choice of a continuation: a new backend call, read by this subscriber again
      sawDone = false;
      usage = null;
      subscription = null;
      synchronized (lock) {
        streamEnded = false;
      }
      send(following);
      return;
    }
    ObjectNode last = resumption.last(usage);
    settle(delivery.complete(bytes(last), FinalReply.usageOf(last)));
  }

  @Override
  public void onError(Throwable failure) {
    if (!stopped) {
      backendFailed(backend.url() + " dropped the stream: " + failure);
    }
  }

  @Override
  public void onComplete() {
    if (stopped) {
      return;
    }
    if (sawDone) {
      boolean now;
      synchronized (lock) {
        streamEnded = true;
        now = !replying; // else the last reply's completion completes the call, after the gathered
        // events
      }
      if (now) {
        complete();
      }
    } else {
      backendFailed(backend.url() + " closed the stream before [DONE]");
    }
  }

  /** Stops reading from the backend and closes the connection (the backend stops generating). */
  private void stop() {
    stopped = true;
    Flow.Subscription current = subscription;
    if (current != null) {
      current.cancel();
    }
    CompletableFuture<HttpResponse<String>> call = exchange;
    if (call != null) {
      call.cancel(true);
    }
    if (delivery.isCancelled()) {
      finished.complete(Done.getInstance());
    }
  }

  /** The backend failed this call: the last attempt fails the request, any other is redelivered. */
  private void backendFailed(String why) {
    abandoned =
        true; // gathered events not stored go with the call: the next backend continues after the
    // stored
    if (delivery.attempt() >= connector.maxAttempts()) {
      settle(
          delivery.fail(
              BackendError.of(
                      json,
                      502,
                      "no backend answered after "
                          + delivery.attempt()
                          + " attempts; the last: "
                          + why,
                      "server_error",
                      "backend_failed")
                  .toReason(json)));
    } else {
      finished.complete(Done.getInstance());
    }
    connector.backendFailed(
        why); // leaving the pool gives this request (unsettled) to another backend
  }

  private void settle(CompletionStage<Done> outcome) {
    outcome.whenCompleteAsync((done, failure) -> finished.complete(Done.getInstance()), executor);
  }

  private byte[] bytes(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode read(byte[] body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      return json.createArrayNode(); // not an object: treated as a broken stream or answer
    }
  }

  private JsonNode read(String body) {
    return read(body.getBytes(StandardCharsets.UTF_8));
  }
}
