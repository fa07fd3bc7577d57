package io.switchboard.runtime.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.message.Message;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallMessageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PoolSettings pool = pool();

  private static PoolSettings pool() {
    Config config =
        ConfigFactory.parseString(
                "switchboard.gateway.pools.m { default-max-tokens = 100, backends = [{ url = \"http://x/v1\" }] }")
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    return GatewaySettings.fromConfig(config.getConfig("switchboard.gateway")).pools().get("m");
  }

  private static ObjectNode body(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  @Test
  void carriesTheCallAsARequestOnThePoolsTopicWithTenantPriorityAndCost() throws Exception {
    String json =
        "{\"model\":\"m\",\"user\":\"alice\",\"max_tokens\":50,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"twelve bytes\"}]}";
    Message message =
        CallMessage.of(
            Endpoint.CHAT,
            pool,
            body(json),
            json.getBytes(),
            "team-a",
            Optional.of("interactive"),
            Optional.empty());
    assertThat(message.topic()).isEqualTo("gateway.m");
    assertThat(message.type()).isEqualTo("openai.chat.completions");
    assertThat(message.key()).isEqualTo("alice");
    assertThat(message.headers())
        .containsEntry("switchboard-tenant", "team-a")
        .containsEntry("switchboard-priority", "interactive")
        .containsEntry("switchboard-cost", Long.toString((12 + 1 + 3) / 4 + 50));
    assertThat(message.payload()).isEqualTo(json.getBytes());
  }

  @Test
  void theConversationHeaderWinsOverUserAndNoPriorityMeansNoHeader() throws Exception {
    Message message =
        CallMessage.of(
            Endpoint.COMPLETIONS,
            pool,
            body("{\"prompt\":\"abcd\",\"user\":\"bob\"}"),
            new byte[0],
            "default",
            Optional.empty(),
            Optional.of("conversation-7"));
    assertThat(message.key()).isEqualTo("conversation-7");
    assertThat(message.headers())
        .doesNotContainKey("switchboard-priority")
        .containsEntry(
            "switchboard-cost", Long.toString(1 + 100)); // 4 bytes: one token, default max tokens
  }

  @Test
  void anEmbeddingCostsItsInputOnly() throws Exception {
    assertThat(CallMessage.cost(Endpoint.EMBEDDINGS, pool, body("{\"input\":[\"abcd\",\"efgh\"]}")))
        .isEqualTo(3);
  }
}
