package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.ErrorCode;
import io.switchboard.Switchboard;
import io.switchboard.SwitchboardException;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway of one node: for each configured pool, its topic and connector group (created when
 * missing) and one connector per backend, started once the node is ready and stopped with it.
 */
public final class Gateway {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final GatewaySettings settings;
  private final Map<String, Pool> pools;

  private Gateway(GatewaySettings settings, Map<String, Pool> pools) {
    this.settings = settings;
    this.pools = pools;
  }

  /** Returns a gateway with no pools: every model is unknown. */
  public static Gateway none() {
    return new Gateway(new GatewaySettings(Map.of(), "gateway-connectors", "x-switchboard-priority",
        "x-switchboard-conversation", "x-switchboard-timeout-ms"), Map.of());
  }

  /** Builds the pools; their connectors join once {@code ready} completes (topics created first). */
  public static Gateway start(Switchboard switchboard, GatewaySettings settings, CompletionStage<Done> ready) {
    ActorSystem<?> system = switchboard.system();
    ObjectMapper json = new ObjectMapper();
    Map<String, Pool> pools = new LinkedHashMap<>();
    for (PoolSettings pool : settings.pools().values()) {
      List<Connector> connectors = new ArrayList<>();
      for (int i = 0; i < pool.backends().size(); i++) {
        BackendSettings backend = pool.backends().get(i);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(backend.connectTimeout()).build();
        connectors.add(new Connector(pool, backend, "gateway-" + pool.topic() + "-" + i, settings.group(),
            switchboard, http, json));
      }
      pools.put(pool.model(), new Pool(pool, connectors));
    }
    Gateway gateway = new Gateway(settings, pools);
    ready.thenComposeAsync(up -> gateway.createTopics(switchboard), system.executionContext())
        .whenCompleteAsync((done, failure) -> {
          if (failure != null) {
            log.error("gateway pools did not start: {}", failure.toString());
          } else {
            pools.values().forEach(pool -> pool.connectors().forEach(Connector::join));
          }
        }, system.executionContext());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "switchboard-gateway-stop",
        () -> gateway.stop(system.executionContext()));
    return gateway;
  }

  public GatewaySettings settings() {
    return settings;
  }

  /** Returns the pool serving {@code model}. */
  Optional<Pool> pool(String model) {
    return Optional.ofNullable(pools.get(model));
  }

  /** Returns every pool, in configuration order. */
  List<Pool> pools() {
    return List.copyOf(pools.values());
  }

  private CompletionStage<Done> createTopics(Switchboard switchboard) {
    CompletableFuture<Done> all = CompletableFuture.completedFuture(Done.getInstance());
    for (Pool pool : pools.values()) {
      PoolSettings s = pool.settings();
      // one attempt more than the pool's: the connector decides the last failure (502), not dead letters
      TopicConfig topic = switchboard.topicDefaults(s.topic()).withPartitions(s.partitions())
          .withMaxAttempts(s.maxAttempts() + 1).withAckLease(s.ackLease());
      Executor executor = switchboard.system().executionContext();
      all = all.thenComposeAsync(done -> existing(switchboard.createTopic(topic)
              .thenApplyAsync(created -> Done.getInstance(), executor), ErrorCode.TOPIC_EXISTS, executor), executor)
          .thenComposeAsync(done -> existing(switchboard.createGroup(s.topic(), settings.group(),
              GroupConfig.DEFAULT.withBalancing(s.balancing())), ErrorCode.GROUP_EXISTS, executor), executor)
          .toCompletableFuture();
    }
    return all;
  }

  /** Treats "already exists" as done: a restarted node finds its pools' topics in the journal. */
  private static CompletionStage<Done> existing(CompletionStage<Done> creation, ErrorCode exists,
      Executor executor) {
    return creation.exceptionallyAsync(failure -> {
      Throwable cause = OpenAiErrors.unwrap(failure);
      if (cause instanceof SwitchboardException e && e.code() == exists) {
        return Done.getInstance();
      }
      throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
    }, executor);
  }

  private CompletionStage<Done> stop(Executor executor) {
    CompletableFuture<?>[] stops = pools.values().stream().flatMap(pool -> pool.connectors().stream())
        .map(connector -> connector.close().toCompletableFuture()).toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(stops).handleAsync((ignored, failure) -> Done.getInstance(), executor);
  }
}
