package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTemplateTest {

  @Test
  void replacesTopicAndGroupNames() {
    assertThat(RouteTemplate.of("/v1/topics/chat/groups/gpu/pull"))
        .isEqualTo("/v1/topics/{topic}/groups/{group}/pull");
    assertThat(RouteTemplate.of("/v1/topics/chat/messages"))
        .isEqualTo("/v1/topics/{topic}/messages");
    assertThat(RouteTemplate.of("/v1/topics")).isEqualTo("/v1/topics");
    assertThat(RouteTemplate.of("/v1/requests/01abc/replies"))
        .isEqualTo("/v1/requests/{id}/replies");
    assertThat(RouteTemplate.of("/v1/topics/chat/requests"))
        .isEqualTo("/v1/topics/{topic}/requests");
  }

  @Test
  void namesUnknownPathsOtherSoMetricsStayFew() {
    assertThat(RouteTemplate.of("/v1/topics/chat/whatever/else")).isEqualTo("other");
    assertThat(RouteTemplate.of("/favicon.ico")).isEqualTo("other");
  }
}
