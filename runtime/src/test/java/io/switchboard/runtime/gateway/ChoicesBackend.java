package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for vLLM's chat endpoint with {@code n} choices, on the wire as vLLM streams them: a
 * role event per choice, then per step one event per choice ({@code index} i), {@code
 * finish_reason} on each choice's last token, the usage event ({@code completion_tokens} summed
 * over the choices), {@code data: [DONE]}. Choice i's reply is the words {@code c<i>w0 c<i>w1 ...},
 * {@code max_tokens} of them; a {@code continue_final_message} call goes on from the words of its
 * last assistant message (whose first word names the choice), so an answer split over backends
 * reads exactly as an unbroken one. A {@code dieAfter} of N >= 0 makes the next call stop after N
 * token events, wait until {@code crash} opens (the test saw them arrive), then drop its connection
 * as a crashed server does. Prompt tokens are counted as the emulator counts them: a role marker
 * and the words of each message, and one for the generation prompt unless {@code
 * add_generation_prompt} is false.
 */
final class ChoicesBackend implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger dieAfter;
  private final CountDownLatch crash;

  /** The chat bodies answered whole, in order; shared by the backends of one pool. */
  private final List<JsonNode> answered;

  /** Starts a backend on a free port; the arguments are shared by the backends of one pool. */
  ChoicesBackend(AtomicInteger dieAfter, CountDownLatch crash, List<JsonNode> answered)
      throws IOException {
    this.dieAfter = dieAfter;
    this.crash = crash;
    this.answered = answered;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/v1/models", this::models);
    server.createContext("/v1/chat/completions", this::chat);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private void models(HttpExchange exchange) throws IOException {
    byte[] body =
        "{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"object\":\"model\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void chat(HttpExchange exchange) throws IOException {
    // no try-with-resources: closing would end the response a crash must leave cut
    JsonNode call = JSON.readTree(exchange.getRequestBody());
    int n = call.path("n").asInt(1);
    int max = call.path("max_tokens").asInt(16);
    int die = dieAfter.getAndSet(-1); // one call dies, the next ones do not
    if (die < 0) {
      answered.add(call);
    }
    int[] start = new int[n];
    int[] choiceOf = new int[n];
    int prompt = 0;
    for (JsonNode message : call.path("messages")) {
      prompt += 1 + words(message.path("content").asText()).length;
    }
    if (call.path("add_generation_prompt").asBoolean(true)) {
      prompt++;
    }
    for (int i = 0; i < n; i++) {
      choiceOf[i] = i;
    }
    boolean continues = call.path("continue_final_message").asBoolean(false);
    if (continues) {
      String[] prefix =
          words(
              call.path("messages").get(call.path("messages").size() - 1).path("content").asText());
      start[0] = prefix.length;
      choiceOf[0] =
          prefix.length == 0 ? 0 : Integer.parseInt(prefix[0].substring(1, prefix[0].indexOf('w')));
    }
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    for (int i = 0; i < n; i++) {
      send(out, event(i, "{\"role\":\"assistant\",\"content\":\"\"}", null));
    }
    int sent = 0;
    for (int step = 0; step < max; step++) {
      for (int i = 0; i < n; i++) {
        if (die >= 0 && sent == die) {
          await(crash);
          throw new IllegalStateException("backend crashes on purpose");
        }
        int word = start[i] + step;
        String text = (word == 0 ? "" : " ") + "c" + choiceOf[i] + "w" + word;
        send(
            out,
            event(
                i,
                JSON.createObjectNode().put("content", text).toString(),
                step == max - 1 ? "length" : null));
        sent++;
      }
    }
    ObjectNode usage = JSON.createObjectNode();
    usage.putArray("choices");
    usage
        .putObject("usage")
        .put("prompt_tokens", prompt)
        .put("completion_tokens", n * max)
        .put("total_tokens", prompt + n * max);
    usage.put("id", "chatcmpl-fake").put("object", "chat.completion.chunk").put("model", "m");
    send(out, usage.toString());
    send(out, "[DONE]");
    out.close();
    exchange.close();
  }

  private static String event(int index, String delta, String finish) {
    return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"m\",\"choices\":[{\"index\":"
        + index
        + ",\"delta\":"
        + delta
        + ",\"logprobs\":null,\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"")
        + "}]}";
  }

  private static void send(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String[] words(String text) {
    String trimmed = text.trim();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
