package io.switchboard.runtime.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Semaphore;

/**
 * Serves one generation endpoint: checks the request, waits for a free slot (at most {@code
 * max-concurrency} run at once, the rest queue in arrival order), then answers whole or streams,
 * each token at the time the turn's plan says, acting out the request's fault on the way.
 */
final class GenerationHandler implements HttpHandler {
  /** The request header naming a fault for this request alone. */
  static final String FAULT_HEADER = "x-emulator-fault";

  /** The response header with the planned time to first token, in milliseconds. */
  static final String FIRST_TOKEN_HEADER = "x-emulator-time-to-first-token-ms";

  private final TurnFormat format;
  private final EmulatedModel model;
  private final EmulatorClock clock;
  private final Semaphore slots;
  private final EmulatorStats stats;

  GenerationHandler(
      TurnFormat format,
      EmulatedModel model,
      EmulatorClock clock,
      Semaphore slots,
      EmulatorStats stats) {
    this.format = format;
    this.model = model;
    this.clock = clock;
    this.slots = slots;
    this.stats = stats;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // no try-with-resources: closing the exchange would end a response that a fault must leave cut
    try {
      Exchanges.requireMethod(exchange, "POST");
      JsonNode request = OpenAiJson.read(exchange.getRequestBody());
      stats.generationArrived();
      Fault fault = fault(exchange);
      if (fault.kind() == Fault.Kind.STATUS) {
        stats.statusFault();
        throw new OpenAiError(
            fault.status(), "EmulatedFault", "fault on demand: status " + fault.status(), null);
      }
      EmulatorSettings settings = model.settings();
      if (request.hasNonNull("stream_options") && !request.path("stream").asBoolean(false)) {
        throw OpenAiError.badRequest(
            "Stream options can only be defined when `stream=True`.", "stream_options");
      }
      Prompt prompt = format.prompt(request, settings);
      Turn turn = model.plan(request, prompt);
      stats.planned(turn);
      exchange
          .getResponseHeaders()
          .set(
              FIRST_TOKEN_HEADER, String.format(Locale.ROOT, "%.3f", turn.firstTokenNanos() / 1e6));
      ObjectNode head =
          OpenAiJson.head(
              OpenAiJson.id(format.idPrefix()),
              format.chunkObject(),
              clock.epochSeconds(),
              settings.model());
      generate(exchange, request, fault, prompt, turn, head);
    } catch (OpenAiError refusal) {
      Exchanges.sendError(exchange, refusal);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Exchanges.dropConnection();
    }
  }

  private void generate(
      HttpExchange exchange,
      JsonNode request,
      Fault fault,
      Prompt prompt,
      Turn turn,
      ObjectNode head)
      throws IOException, InterruptedException {
    boolean stream = request.path("stream").asBoolean(false);
    // vLLM sends a stream's head at once; the turn then waits in the engine's queue
    SseStream events = stream ? new SseStream(exchange) : null;
    slots.acquire();
    stats.started();
    boolean whole = false;
    try {
      long start = clock.nanoTime();
      if (stream) {
        stream(events, request, fault, prompt, turn, head, start);
      } else {
        int tokens = turn.reply().completionTokens();
        breakIfDue(fault, tokens, start + turn.dueNanos(Math.min(fault.afterTokens(), tokens - 1)));
        clock.awaitNanos(start + turn.dueNanos(turn.reply().completionTokens() - 1));
        Exchanges.sendJson(
            exchange,
            200,
            format.whole(head, turn, prompt, model.settings().promptTokensDetails()));
      }
      whole = true;
    } finally {
      // counted out before the slot frees, or the next turn would briefly count as one too many
      stats.finished(whole);
      slots.release();
    }
  }

  private void stream(
      SseStream events,
      JsonNode request,
      Fault fault,
      Prompt prompt,
      Turn turn,
      ObjectNode head,
      long start)
      throws IOException, InterruptedException {
    boolean details = model.settings().promptTokensDetails();
    int tokens = turn.reply().completionTokens();
    for (int i = 0; i < tokens; i++) {
      breakIfDue(fault, i, start + turn.dueNanos(i));
      clock.awaitNanos(start + turn.dueNanos(i));
      if (i == 0) {
        for (ObjectNode chunk : format.opening(head, prompt)) {
          events.send(chunk);
        }
      }
      events.send(format.token(head, turn, i));
    }
    if (request.path("stream_options").path("include_usage").asBoolean(false)) {
      events.send(OpenAiJson.usageChunk(head, turn, details));
    }
    events.done();
  }

  /**
   * Drops the connection when the fault strikes after {@code sent} tokens; a stall stays silent
   * first.
   */
  private void breakIfDue(Fault fault, int sent, long due) throws InterruptedException {
    if (!fault.breaksAfter(sent)) {
      return;
    }
    clock.awaitNanos(due);
    if (fault.kind() == Fault.Kind.STALL) {
      clock.awaitNanos(clock.nanoTime() + model.settings().stallFor().toNanos());
    }
    throw Exchanges.dropConnection();
  }

  private Fault fault(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst(FAULT_HEADER);
    if (header == null) {
      return model.settings().fault();
    }
    try {
      return Fault.parse(header);
    } catch (IllegalArgumentException e) {
      throw OpenAiError.badRequest(e.getMessage(), FAULT_HEADER);
    }
  }
}
