package io.switchboard.runtime.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.switchboard.ErrorCode;
import io.switchboard.Switchboard;
import io.switchboard.SwitchboardException;
import io.switchboard.internal.partition.TimeSource;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway of one node: for each pool (configured, or defined at run time through the {@link
 * PoolRegistry}), its topic and connector group (created when missing) and one connector per
 * backend, started once the node is ready and stopped with it or with the pool.
 */
public final class Gateway {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final GatewaySettings settings;
  private final Switchboard switchboard;
  private final CompletionStage<Done> ready;
  private final ObjectMapper json = new ObjectMapper();

  /** Every pool by model name, sorted (what /v1/models lists); replaced whole on each change. */
  private volatile Map<String, Pool> pools = Map.of();

  /** The registry of pools defined at run time; null in a gateway without a node. */
  private volatile PoolAdmin admin;

  /** Where pools' rate limits are counted; null in a gateway without a node. */
  private volatile PoolRateLimits rateLimits;

  private Gateway(GatewaySettings settings, Switchboard switchboard, CompletionStage<Done> ready) {
    this.settings = settings;
    this.switchboard = switchboard;
    this.ready = ready;
  }

  /** Returns a gateway with no pools: every model is unknown. */
  public static Gateway none() {
    return new Gateway(
        new GatewaySettings(
            Map.of(),
            "gateway-connectors",
            "x-switchboard-priority",
            "x-switchboard-conversation",
            "x-switchboard-timeout-ms",
            PoolReader.fromConfig(
                ConfigFactory.defaultReference().getConfig("switchboard.gateway")),
            java.time.Duration.ofSeconds(1),
            java.time.Duration.ofMinutes(1),
            java.time.Duration.ZERO),
        null,
        new CompletableFuture<>());
  }

  /**
   * Builds the configured pools and follows the pools defined at run time; connectors join once
   * {@code ready} completes (topics created first).
   */
  public static Gateway start(
      Switchboard switchboard, GatewaySettings settings, CompletionStage<Done> ready) {
    ActorSystem<?> system = switchboard.system();
    Gateway gateway = new Gateway(settings, switchboard, ready);
    Map<String, Pool> configured = new TreeMap<>();
    for (PoolSettings pool : settings.pools().values()) {
      configured.put(pool.model(), gateway.open(pool, true, ""));
    }
    gateway.pools = configured;
    configured.values().forEach(gateway::serveWhenReady);
    PoolRateLimitEntity.init(system, TimeSource.system());
    gateway.rateLimits = new PoolRateLimits(system, settings.rateLimitTimeout());
    gateway.admin = PoolAdmin.start(system, gateway::apply);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceUnbind(),
            "switchboard-gateway-stop",
            () -> gateway.stop(system.executionContext()));
    return gateway;
  }

  public GatewaySettings settings() {
    return settings;
  }

  /** Returns the node's Switchboard; null in a gateway without a node. */
  Switchboard switchboard() {
    return switchboard;
  }

  /** Returns the pool serving {@code model}. */
  Optional<Pool> pool(String model) {
    return Optional.ofNullable(pools.get(model));
  }

  /** Returns every pool, by model name. */
  List<Pool> pools() {
    return List.copyOf(pools.values());
  }

  /** Returns the pools as the admin API sees and changes them. */
  public PoolCatalog catalog() {
    return new PoolCatalog(
        this, switchboard == null ? Runnable::run : switchboard.system().executionContext());
  }

  /** Returns where pools' rate limits are counted. */
  PoolRateLimits rateLimits() {
    return rateLimits;
  }

  /** Returns the registry of pools defined at run time, or empty without a node. */
  Optional<PoolAdmin> admin() {
    return Optional.ofNullable(admin);
  }

  /**
   * Brings the run-time pools to {@code defined} (model to JSON definition, as the registry holds
   * them): starts new and changed ones, stops removed ones; configured pools stay as they are.
   */
  synchronized void apply(PoolDefinitions defined) {
    Map<String, Pool> next = new TreeMap<>(pools);
    for (Map.Entry<String, String> entry : defined.pools().entrySet()) {
      String model = entry.getKey();
      Pool current = next.get(model);
      if (current != null && current.configured()) {
        log.warn(
            "pool {} is defined in configuration and at run time: the configuration's is used",
            model);
        continue;
      }
      PoolSettings wanted;
      try {
        wanted = settings.reader().readJson(model, entry.getValue());
      } catch (IllegalArgumentException e) {
        log.error("run-time pool {} is not served: {}", model, e.getMessage());
        continue;
      }
      if (current != null && current.settings().equals(wanted)) {
        continue;
      }
      if (current != null) {
        close(current);
        if (!current.settings().topic().equals(wanted.topic())) {
          // the new connectors serve another topic: nothing would answer what waits on the old
          endCalls(
              current,
              "the pool of model '"
                  + model
                  + "' was redefined on topic '"
                  + wanted.topic()
                  + "' while this call waited or ran");
        }
      }
      Pool opened = open(wanted, false, "-v" + defined.version());
      next.put(model, opened);
      serveWhenReady(opened);
      log.info(
          "pool {} defined at run time: {} backends{}",
          model,
          wanted.backends().size(),
          wanted.externalWorkers() ? " and client workers" : "");
    }
    for (Pool pool : List.copyOf(next.values())) {
      if (!pool.configured() && !defined.pools().containsKey(pool.settings().model())) {
        close(pool);
        endCalls(
            pool,
            "the pool of model '"
                + pool.settings().model()
                + "' was deleted while this call waited or ran");
        next.remove(pool.settings().model());
        log.info("pool {} deleted at run time", pool.settings().model());
      }
    }
    pools = next;
  }

  private Pool open(PoolSettings pool, boolean configured, String generation) {
    List<Connector> connectors = new ArrayList<>();
    String node = nodeName(switchboard.system().address());
    for (int i = 0; i < pool.backends().size(); i++) {
      BackendSettings backend = pool.backends().get(i);
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(backend.connectTimeout())
              .build();
      // a redefined pool's connectors take new ids: the old ones may still be leaving the group;
      // each node's connector is a consumer of its own, so when a node dies the partition sees
      // its consumer go (heartbeat-timeout) and gives its calls to the survivors at once, instead
      // of waiting for their ack-lease while another node keeps a shared id alive
      connectors.add(
          new Connector(
              pool,
              backend,
              "gateway-" + pool.topic() + generation + "-" + i + "@" + node,
              settings.group(),
              switchboard,
              http,
              json));
    }
    return Pool.of(pool, connectors, configured, TimeSource.system());
  }

  /**
   * Returns the node's part of its connectors' consumer ids: host and port, stable across the
   * node's restarts (a restarted node takes its calls' conversations back), the system's name for a
   * node without remoting.
   */
  static String nodeName(org.apache.pekko.actor.Address address) {
    return address.host().isDefined()
        ? address.host().get() + "-" + address.port().get()
        : address.system();
  }

  private void serveWhenReady(Pool pool) {
    Executor executor = switchboard.system().executionContext();
    ready
        .thenComposeAsync(up -> createTopic(pool.settings()), executor)
        .whenCompleteAsync(
            (done, failure) -> {
              if (failure != null) {
                log.error(
                    "gateway pool {} did not start: {}",
                    pool.settings().model(),
                    failure.toString());
              } else {
                pool.connectors().forEach(Connector::join);
              }
            },
            executor);
  }

  /** Ends the calls this node accepted on a pool that goes: their callers get the reason now. */
  private void endCalls(Pool pool, String reason) {
    pool.calls().end(reason, switchboard.requestSide()::cancel);
  }

  private static void close(Pool pool) {
    pool.connectors().forEach(Connector::close);
  }

  private CompletionStage<Done> createTopic(PoolSettings s) {
    Executor executor = switchboard.system().executionContext();
    return existing(
            switchboard
                .createTopic(PoolTopic.config(switchboard, s))
                .thenApplyAsync(created -> Done.getInstance(), executor),
            ErrorCode.TOPIC_EXISTS,
            executor)
        .thenComposeAsync(
            done ->
                existing(
                    switchboard.createGroup(s.topic(), settings.group(), PoolTopic.group(s)),
                    ErrorCode.GROUP_EXISTS,
                    executor),
            executor)
        .thenComposeAsync(
            done -> PoolTopic.differences(switchboard, settings.group(), s, executor), executor)
        .thenApplyAsync(
            differ -> {
              if (!differ.isEmpty()) {
                // a configured pool is served on its topic as it is (a run-time one is refused)
                log.warn(
                    "pool {} is served on topic {} as it exists, not as the pool asks ({}):"
                        + " delete the topic once no call waits on it, or name another topic",
                    s.model(),
                    s.topic(),
                    String.join("; ", differ));
              }
              return Done.getInstance();
            },
            executor);
  }

  /** Treats "already exists" as done: a restarted node finds its pools' topics in the journal. */
  private static CompletionStage<Done> existing(
      CompletionStage<Done> creation, ErrorCode exists, Executor executor) {
    return creation.exceptionallyAsync(
        failure -> {
          Throwable cause = OpenAiErrors.unwrap(failure);
          if (cause instanceof SwitchboardException e && e.code() == exists) {
            return Done.getInstance();
          }
          throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
        },
        executor);
  }

  private CompletionStage<Done> stop(Executor executor) {
    CompletableFuture<?>[] stops =
        pools.values().stream()
            .flatMap(pool -> pool.connectors().stream())
            .map(connector -> connector.close().toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(stops)
        .handleAsync((ignored, failure) -> Done.getInstance(), executor);
  }
}
