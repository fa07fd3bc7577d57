package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The cluster's members over the API's port, against a real (single-member) node. */
class ClusterRoutesTest extends RunningNodeTest {

  @Test
  void listsTheNodeItselfUpAndReachable() {
    ApiClient.Answer answer = api.get("/v1/cluster/members");
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode body = answer.json();
    String self = body.path("selfNode").asText();
    assertThat(self).startsWith("pekko://");
    assertThat(body.path("leader").asText()).isEqualTo(self);
    assertThat(body.path("members")).hasSize(1);
    JsonNode member = body.path("members").get(0);
    assertThat(member.path("node").asText()).isEqualTo(self);
    assertThat(member.path("status").asText()).isEqualTo("Up");
    assertThat(member.path("reachable").asBoolean()).isTrue();
  }

  @Test
  void answersOnlyGet() {
    assertThat(api.postEmpty("/v1/cluster/members").status()).isEqualTo(405);
  }
}
