package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.request.ReplyChunk;
import io.switchboard.runtime.gateway.BackendSettings.Continuation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumptionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CALL =
      "{\"model\":\"pool\",\"max_tokens\":10,\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private static ReplyChunk chunk(long seq, String delta) {
    return new ReplyChunk(
        "r",
        seq,
        ("{\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]}")
            .getBytes(StandardCharsets.UTF_8),
        false);
  }

  private static final List<ReplyChunk> STREAMED =
      List.of(
          chunk(1, "{\"role\":\"assistant\",\"content\":\"\"}"),
          chunk(2, "{\"content\":\"Hello\"}"),
          chunk(3, "{\"content\":\" there\"}"));

  private static ObjectNode node(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  private static Resumption resumption(Continuation continuation, List<ReplyChunk> streamed) {
    return new Resumption(
        Endpoint.CHAT, JSON, "chatcmpl-r", "pool", 1700000000L, continuation, streamed);
  }

  @Test
  void aFirstAttemptAsksForAStreamWithUsageAndRelaysChunksUnderOneId() throws Exception {
    Resumption first = resumption(Continuation.ASSISTANT_PREFIX, List.of());
    ObjectNode body = first.backendBody(node(CALL), "served-name");
    assertThat(body.get("model").asText()).isEqualTo("served-name");
    assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    assertThat(body.has("continue_final_message")).isFalse();
    ObjectNode relayed =
        first.relay(
            node(
                "{\"id\":\"backend-1\",\"model\":\"served-name\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}"));
    assertThat(relayed.get("id").asText()).isEqualTo("chatcmpl-r");
    assertThat(relayed.get("model").asText()).isEqualTo("pool");
    assertThat(relayed.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
  }

  @Test
  void continuesAfterWhatWasStreamedWithAnAssistantPrefix() throws Exception {
    Resumption next = resumption(Continuation.ASSISTANT_PREFIX, STREAMED);
    ObjectNode body = next.backendBody(node(CALL), "served");
    assertThat(body.at("/messages/1/role").asText()).isEqualTo("assistant");
    assertThat(body.at("/messages/1/content").asText()).isEqualTo("Hello there");
    assertThat(body.get("continue_final_message").asBoolean()).isTrue();
    assertThat(body.get("add_generation_prompt").asBoolean()).isFalse();
    assertThat(body.get("max_tokens").asInt()).isEqualTo(8);
    // the new backend's role event is not sent twice; its tokens are
    assertThat(
            next.relay(
                node(
                    "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                        + "\"finish_reason\":null}]}")))
        .isNull();
    assertThat(
            next.relay(
                    node(
                        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" friend\"},"
                            + "\"finish_reason\":null}]}"))
                .at("/choices/0/delta/content")
                .asText())
        .isEqualTo(" friend");
    ObjectNode last =
        next.last(
            node(
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,"
                    + "\"total_tokens\":15}}"));
    assertThat(last.at("/usage/prompt_tokens").asInt()).isEqualTo(10);
    assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(5);
    assertThat(last.at("/usage/total_tokens").asInt()).isEqualTo(15);
  }

  @Test
  void countsTheTextAndTokensOfEveryEventInAChunkThatGatheredSeveral() throws Exception {
    // the connector joins the events that arrived while a reply was being stored into one chunk
    byte[] gathered =
        RelayedEvents.join(List.of(STREAMED.get(1).payload(), STREAMED.get(2).payload()));
    Resumption next =
        resumption(
            Continuation.ASSISTANT_PREFIX,
            List.of(STREAMED.get(0), new ReplyChunk("r", 2, gathered, false)));
    ObjectNode body = next.backendBody(node(CALL), "served");
    assertThat(body.at("/messages/1/content").asText()).isEqualTo("Hello there");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(8); // two tokens in one chunk, as in two
  }

  @Test
  void regeneratingDropsTheTextTheCallerAlreadyHas() throws Exception {
    Resumption next = resumption(Continuation.REGENERATE, STREAMED);
    ObjectNode body = next.backendBody(node(CALL), "served");
    assertThat(body.get("messages")).hasSize(1);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(10);
    assertThat(
            next.relay(
                node(
                    "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}")))
        .isNull();
    assertThat(
            next.relay(
                    node(
                        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there again\"},"
                            + "\"finish_reason\":null}]}"))
                .at("/choices/0/delta/content")
                .asText())
        .isEqualTo(" again");
  }

  @Test
  void aCompletionContinuesItsPrompt() throws Exception {
    List<ReplyChunk> streamed =
        List.of(
            new ReplyChunk(
                "r",
                1,
                "{\"choices\":[{\"index\":0,\"text\":\" once upon\",\"finish_reason\":null}]}"
                    .getBytes(StandardCharsets.UTF_8),
                false));
    Resumption next =
        new Resumption(
            Endpoint.COMPLETIONS,
            JSON,
            "cmpl-r",
            "pool",
            0L,
            Continuation.ASSISTANT_PREFIX,
            streamed);
    ObjectNode body = next.backendBody(node("{\"model\":\"pool\",\"prompt\":\"Tell:\"}"), "served");
    assertThat(body.get("prompt").asText()).isEqualTo("Tell: once upon");
  }
}
