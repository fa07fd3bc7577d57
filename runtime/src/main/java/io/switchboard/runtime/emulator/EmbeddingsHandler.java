package io.switchboard.runtime.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /v1/embeddings}: a unit vector per input, the same for the same text, in {@code
 * float} or {@code base64} (little-endian float32, what the official clients ask for by default).
 */
final class EmbeddingsHandler implements HttpHandler {
  private final EmulatedModel model;
  private final EmulatorClock clock;

  EmbeddingsHandler(EmulatedModel model, EmulatorClock clock) {
    this.model = model;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      Exchanges.requireMethod(exchange, "POST");
      JsonNode request = OpenAiJson.read(exchange.getRequestBody());
      model.checkModel(request);
      String encoding = request.path("encoding_format").asText("float");
      if (!encoding.equals("float") && !encoding.equals("base64")) {
        throw OpenAiError.badRequest(
            "encoding_format must be float or base64, got " + encoding, "encoding_format");
      }
      Exchanges.sendJson(
          exchange, 200, answer(inputs(request.get("input")), encoding.equals("base64")));
    } catch (OpenAiError refusal) {
      Exchanges.sendError(exchange, refusal);
    }
  }

  private ObjectNode answer(List<String> inputs, boolean base64) {
    EmulatorSettings settings = model.settings();
    ObjectNode answer =
        OpenAiJson.head(OpenAiJson.id("embd-"), "list", clock.epochSeconds(), settings.model());
    ArrayNode data = answer.putArray("data");
    int tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      float[] vector = vector(inputs.get(i), settings.embeddingDimensions());
      ObjectNode item = data.addObject().put("index", i).put("object", "embedding");
      if (base64) {
        ByteBuffer bytes =
            ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float value : vector) {
          values.add(value);
        }
      }
      tokens += Prompt.words(inputs.get(i)).size();
    }
    answer
        .putObject("usage")
        .put("prompt_tokens", tokens)
        .put("total_tokens", tokens)
        .put("completion_tokens", 0)
        .putNull("prompt_tokens_details");
    return answer;
  }

  /** Reads {@code input}: a string, an array of strings, or token ids (one array or several). */
  private static List<String> inputs(JsonNode input) {
    List<String> inputs = new ArrayList<>();
    if (input != null && input.isTextual()) {
      inputs.add(input.asText());
    } else if (input != null && input.isArray() && !input.isEmpty() && input.get(0).isNumber()) {
      inputs.add(input.toString());
    } else if (input != null && input.isArray()) {
      input.forEach(item -> inputs.add(item.isTextual() ? item.asText() : item.toString()));
    }
    if (inputs.isEmpty() || inputs.stream().anyMatch(String::isBlank)) {
      throw OpenAiError.badRequest("input must be a non-empty string or array", "input");
    }
    return inputs;
  }

  /** Returns a unit vector that depends only on the text. */
  static float[] vector(String text, int dimensions) {
    float[] vector = new float[dimensions];
    long state = text.hashCode() * 0x9E3779B97F4A7C15L;
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      state += 0x9E3779B97F4A7C15L;
      vector[i] = (float) ((ReplyGenerator.mix(state) >>> 11) * 0x1.0p-53 * 2 - 1);
      norm += vector[i] * vector[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimensions; i++) {
      vector[i] *= scale;
    }
    return vector;
  }
}
