package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the API test classes that run against a real node: {@link RunningNodes} starts it before
 * the class's own {@code @BeforeAll} methods. Classes that keep the default config share one node
 * for the whole run; a class that overrides {@link #config()} gets a node of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningNodes.class)
abstract class RunningNodeTest {
  /** Small request limits, so that tests can pass them cheaply: the default, shared config. */
  static final String SMALL_LIMITS =
      String.join(
          "\n",
          "switchboard.http.max-body-bytes = 64 KiB",
          "switchboard.http.max-batch = 50",
          "switchboard.limits.max-payload-bytes = 16 KiB");

  TestNode node;
  ApiClient api;

  /** Returns the HOCON the node starts with. */
  String config() {
    return SMALL_LIMITS;
  }

  /**
   * Says whether the node may serve other classes with the same config (they run one after
   * another).
   */
  boolean sharesNode() {
    return config().equals(SMALL_LIMITS);
  }

  int port() {
    return node.node().httpAddress().getPort();
  }

  RawHttp raw() {
    return new RawHttp(port());
  }

  /**
   * Creates a topic of {@code partitions} and its groups (default settings); fails the test on a
   * refusal.
   */
  void createTopic(String name, int partitions, String... groups) {
    createTopic(name, Map.of("partitions", partitions), groups);
  }

  /**
   * Creates a topic with {@code settings} and its groups (default settings); fails the test on a
   * refusal.
   */
  void createTopic(String name, Map<String, ?> settings, String... groups) {
    Map<String, Object> body = new HashMap<>(settings);
    body.put("name", name);
    ApiClient.Answer topic = api.post("/v1/topics", body);
    assertThat(topic.status()).as(topic.toString()).isEqualTo(201);
    for (String group : groups) {
      ApiClient.Answer created = api.post("/v1/topics/" + name + "/groups", Map.of("name", group));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }
  }

  final void attach(TestNode running) {
    node = running;
    api = running.client();
  }
}
