package io.switchboard.runtime.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server that answers like vLLM's OpenAI-compatible server for one model: {@code GET
 * /v1/models}, {@code POST /v1/chat/completions}, {@code POST /v1/completions}, {@code POST
 * /v1/embeddings} and {@code GET /health}, and its own counts at {@code GET /emulator/stats}. Each
 * request runs on its own thread (it mostly waits out the service model), so streams flush token by
 * token.
 */
public final class BackendEmulator implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;
  private final EmulatorStats stats = new EmulatorStats();

  private BackendEmulator(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** Starts serving on {@code address} (port 0 picks a free one) with the machine's clock. */
  public static BackendEmulator start(EmulatorSettings settings, InetSocketAddress address)
      throws IOException {
    return start(settings, address, EmulatorClock.SYSTEM);
  }

  /** Starts serving on {@code address} with this clock. */
  public static BackendEmulator start(
      EmulatorSettings settings, InetSocketAddress address, EmulatorClock clock)
      throws IOException {
    // one small write per token: without TCP_NODELAY, Nagle and delayed acks bunch tokens into
    // bursts tens of ms apart (uvicorn, in front of vLLM, sets it). The JDK's server reads this
    // property once, when its first server starts.
    System.setProperty(
        "sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
    AtomicInteger count = new AtomicInteger();
    ExecutorService threads =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "emulator-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    HttpServer server = HttpServer.create(address, 1024);
    BackendEmulator emulator = new BackendEmulator(server, threads);
    EmulatedModel model = new EmulatedModel(settings);
    Semaphore slots = new Semaphore(settings.maxConcurrency(), true);
    server.createContext(
        "/v1/chat/completions",
        new GenerationHandler(new ChatFormat(), model, clock, slots, emulator.stats));
    server.createContext(
        "/v1/completions",
        new GenerationHandler(new CompletionFormat(), model, clock, slots, emulator.stats));
    server.createContext("/v1/embeddings", new EmbeddingsHandler(model, clock));
    server.createContext(
        "/v1/models",
        exchange ->
            answer(
                exchange,
                "GET",
                () -> {
                  Exchanges.sendJson(
                      exchange, 200, OpenAiJson.models(settings, clock.epochSeconds()));
                }));
    server.createContext(
        "/emulator/stats",
        exchange ->
            answer(
                exchange,
                "GET",
                () -> {
                  Exchanges.sendJson(exchange, 200, emulator.stats.toJson());
                }));
    server.createContext(
        "/health",
        exchange ->
            answer(
                exchange,
                "GET",
                () -> {
                  exchange.sendResponseHeaders(200, -1);
                  exchange.close();
                }));
    // FastAPI's answer to a path it has no route for
    server.createContext(
        "/",
        exchange ->
            Exchanges.sendJson(
                exchange, 404, OpenAiJson.MAPPER.createObjectNode().put("detail", "Not Found")));
    server.setExecutor(threads);
    server.start();
    return emulator;
  }

  /** Returns the port served. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Returns what the emulator has seen. */
  public EmulatorStats stats() {
    return stats;
  }

  /** Stops serving; streams in progress are cut. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private interface Answer {
    void send() throws IOException;
  }

  /** Sends an answer to a request with the right method, or the error that says why not. */
  private static void answer(HttpExchange exchange, String method, Answer answer)
      throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      Exchanges.requireMethod(exchange, method);
      answer.send();
    } catch (OpenAiError refusal) {
      Exchanges.sendError(exchange, refusal);
    }
  }
}
