package io.switchboard.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket consumer for the tests: keeps the server's frames, as received and split into
 * deliveries and answers (acked, nacked, error), and whether and how the server closed.
 */
final class StreamClient implements WebSocket.Listener {
  private final List<String> texts = new ArrayList<>();
  private final List<JsonNode> deliveries = new ArrayList<>();
  private final List<JsonNode> answers = new ArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  private StreamClient() {}

  /** Opens a stream at {@code path} (with its query); fails the test when the node refuses. */
  static StreamClient connect(ApiClient api, String path) {
    StreamClient client = tryConnect(api, path);
    if (client == null) {
      throw new AssertionError("the node refused the WebSocket upgrade of " + path);
    }
    return client;
  }

  /** Opens a stream, or returns null when the node refuses the upgrade with a 4xx. */
  static StreamClient tryConnect(ApiClient api, String path) {
    StreamClient client = new StreamClient();
    try {
      client.socket = upgrade(api, path, client);
      return client;
    } catch (CompletionException e) {
      if (refusalStatus(e) / 100 == 4) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Returns the status with which the node refuses the upgrade of {@code path}; fails the test when
   * it upgrades.
   */
  static int refusal(ApiClient api, String path) {
    WebSocket upgraded;
    try {
      upgraded = upgrade(api, path, new StreamClient());
    } catch (CompletionException e) {
      if (refusalStatus(e) > 0) {
        return refusalStatus(e);
      }
      throw e;
    }
    upgraded.abort();
    throw new AssertionError("the node upgraded " + path);
  }

  private static WebSocket upgrade(ApiClient api, String path, StreamClient client) {
    URI uri = URI.create(api.uri(path).toString().replaceFirst("^http", "ws"));
    return HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .buildAsync(uri, client)
        .orTimeout(20, TimeUnit.SECONDS)
        .join();
  }

  private static int refusalStatus(CompletionException e) {
    return e.getCause() instanceof WebSocketHandshakeException refused
        ? refused.getResponse().statusCode()
        : -1;
  }

  /** Sends one whole text frame. */
  void send(String text) {
    sendPart(text, true);
  }

  /** Sends part of a text message; {@code last} ends it. */
  void sendPart(String text, boolean last) {
    socket.sendText(text, last).join();
  }

  /** Returns every text message the server sent, exactly as received. */
  synchronized List<String> texts() {
    return List.copyOf(texts);
  }

  synchronized List<JsonNode> deliveries() {
    return List.copyOf(deliveries);
  }

  synchronized List<JsonNode> answers() {
    return List.copyOf(answers);
  }

  boolean closed() {
    return closed.isDone();
  }

  /** Returns the close code the server sent, once it closes. */
  CompletableFuture<Integer> closeCode() {
    return closed;
  }

  void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      JsonNode frame = parse(text);
      partial.setLength(0);
      synchronized (this) {
        texts.add(text);
        (frame.has("delivery") ? deliveries : answers)
            .add(frame.has("delivery") ? frame.get("delivery") : frame);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }

  private static JsonNode parse(String text) {
    try {
      return ApiClient.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
