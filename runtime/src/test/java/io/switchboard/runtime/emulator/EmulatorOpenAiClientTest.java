package io.switchboard.runtime.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The official {@code openai} npm client (a client nobody here wrote) against the emulator: it must
 * parse every answer, stream and error as it parses vLLM's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmulatorOpenAiClientTest {
  private static final String MODEL = "emulated-llama";
  private BackendEmulator emulator;
  private JsonNode scenarios;

  @BeforeAll
  void start() throws Exception {
    NodeScripts.install();
    EmulatorSettings settings =
        EmulatorSettings.defaults(MODEL).withTiming(2e6, 0.05e6, 1e6).withPromptTokensDetails(true);
    emulator = BackendEmulator.start(settings, new InetSocketAddress("127.0.0.1", 0));
    // one Node.js process runs every scenario: a process each cost seconds on a busy machine
    scenarios =
        NodeScripts.json(
            "emulator-client.mjs", "http://127.0.0.1:" + emulator.port() + "/v1", MODEL, "all");
  }

  @AfterAll
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private JsonNode scenario(String name) {
    JsonNode seen = scenarios.get(name);
    assertThat(seen).as("scenario %s ran", name).isNotNull();
    System.out.println(name + ": " + seen);
    return seen;
  }

  @Test
  void streamsTheSameChatAnswerAsTheWholeOneWithUsageLast() {
    JsonNode seen = scenario("chat");
    JsonNode streamed = seen.get("streamed");
    JsonNode whole = seen.get("whole");
    assertThat(whole.get("id").asText()).startsWith("chatcmpl-");
    assertThat(whole.get("object").asText()).isEqualTo("chat.completion");
    assertThat(whole.get("model").asText()).isEqualTo(MODEL);
    String text = whole.at("/choices/0/message/content").asText();
    assertThat(text).isNotBlank();
    assertThat(streamed.get("text").asText()).isEqualTo(text);
    assertThat(streamed.get("roles"))
        .hasSize(1)
        .first()
        .extracting(JsonNode::asText)
        .isEqualTo("assistant");
    assertThat(streamed.get("finishReasons")).hasSize(1);
    assertThat(streamed.at("/finishReasons/0").asText())
        .isEqualTo(whole.at("/choices/0/finish_reason").asText());
    assertThat(streamed.get("emptyChoiceChunks").asInt()).isEqualTo(1);
    assertThat(streamed.get("ids")).hasSize(1);
    JsonNode usage = whole.get("usage");
    for (String count : new String[] {"prompt_tokens", "completion_tokens", "total_tokens"}) {
      assertThat(streamed.at("/usage/" + count)).as(count).isEqualTo(usage.get(count));
    }
    // the same conversation a second time: the whole answer finds the streamed turn's prefix cached
    assertThat(usage.at("/prompt_tokens_details/cached_tokens").asInt())
        .isGreaterThan(streamed.at("/usage/prompt_tokens_details/cached_tokens").asInt());
    assertThat(usage.get("total_tokens").asInt())
        .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
    assertThat(usage.get("completion_tokens").asInt()).isBetween(1, 40);
  }

  @Test
  void endsAtAStopString() {
    JsonNode seen = scenario("chat-stop");
    String stop = seen.get("stop").asText();
    String whole = seen.at("/whole/message/content").asText();
    String stopped = seen.at("/stopped/message/content").asText();
    assertThat(stopped).doesNotContain(stop);
    assertThat(whole).startsWith(stopped).contains(stopped + stop);
    assertThat(seen.at("/stopped/finish_reason").asText()).isEqualTo("stop");
    assertThat(seen.at("/stopped/stop_reason").asText()).isEqualTo(stop);
  }

  @Test
  void continuesAnAssistantPrefixAsTheUnbrokenReplyWould() {
    JsonNode seen = scenario("continue");
    assertThat(seen.get("prefix").asText() + seen.get("rest").asText())
        .isEqualTo(seen.get("text").asText());
    assertThat(seen.at("/roles/0").asText()).isEqualTo("assistant");
  }

  @Test
  void answersCompletionsWholeAndStreamed() {
    JsonNode seen = scenario("completions");
    JsonNode whole = seen.get("whole");
    assertThat(whole.get("id").asText()).startsWith("cmpl-");
    assertThat(whole.get("object").asText()).isEqualTo("text_completion");
    assertThat(seen.at("/streamed/text").asText()).isEqualTo(whole.at("/choices/0/text").asText());
    assertThat(seen.at("/streamed/usage")).isEqualTo(whole.get("usage"));
    assertThat(whole.at("/usage/prompt_tokens").asInt()).isEqualTo(6);
    assertThat(whole.at("/usage/completion_tokens").asInt()).isEqualTo(12);
    assertThat(seen.at("/streamed/finishReasons/0").asText()).isEqualTo("length");
  }

  @Test
  void embedsDeterministicUnitVectorsInBothEncodings() {
    JsonNode seen = scenario("embeddings");
    assertThat(seen.get("object").asText()).isEqualTo("list");
    assertThat(seen.get("count").asInt()).isEqualTo(2);
    assertThat(seen.get("dimensions").asInt()).isEqualTo(384);
    assertThat(seen.get("sameVector").asBoolean()).isTrue();
    assertThat(seen.get("differs").asBoolean()).isTrue();
    assertThat(seen.get("norm").asDouble())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(seen.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void listsTheModel() {
    JsonNode seen = scenario("models");
    assertThat(seen.get("ids")).hasSize(1);
    assertThat(seen.at("/ids/0").asText()).isEqualTo(MODEL);
    assertThat(seen.at("/owners/0").asText()).isEqualTo("vllm");
  }

  @Test
  void refusesAnUnknownModelWithNotFound() {
    JsonNode seen = scenario("unknown-model");
    assertThat(seen.get("error").asText()).isEqualTo("NotFoundError");
    assertThat(seen.get("status").asInt()).isEqualTo(404);
    assertThat(seen.get("message").asText()).contains("no-such-model");
  }

  @Test
  void refusesARequestWithoutMessages() {
    JsonNode seen = scenario("bad-request");
    assertThat(seen.get("error").asText()).isEqualTo("BadRequestError");
    assertThat(seen.get("status").asInt()).isEqualTo(400);
    assertThat(seen.get("message").asText()).contains("messages");
  }

  @Test
  void aStreamThatDiesMidWayIsAConnectionErrorForTheClient() {
    JsonNode seen = scenario("die");
    // what Node's fetch (undici) raises when the server's socket closes mid-body, as a crashed
    // vLLM's would
    assertThat(seen.get("error").asText()).isEqualTo("TypeError");
    assertThat(seen.get("message").asText()).isEqualTo("terminated");
    assertThat(Prompt.words(seen.get("text").asText())).hasSize(3);
  }

  @Test
  void theClientRetriesA503() {
    JsonNode seen = scenario("status-503");
    assertThat(seen.get("error").asText()).isEqualTo("InternalServerError");
    assertThat(seen.get("status").asInt()).isEqualTo(503);
    assertThat(seen.get("calls").asInt()).isEqualTo(3);
    // no other scenario asks for a status fault
    assertThat(emulator.stats().statusFaults()).isEqualTo(3);
  }

  @Test
  void aSecondTurnFindsItsPrefixCachedAndStartsSooner() {
    JsonNode seen = scenario("prefix-cache");
    assertThat(seen.at("/first/usage/prompt_tokens_details/cached_tokens").asInt()).isZero();
    int cached = seen.at("/second/usage/prompt_tokens_details/cached_tokens").asInt();
    assertThat(cached).isPositive().isLessThan(seen.at("/second/usage/prompt_tokens").asInt());
    assertThat(cached % 16).isZero();
    assertThat(seen.at("/second/firstTokenMs").asDouble())
        .isLessThan(seen.at("/first/firstTokenMs").asDouble());
  }
}
