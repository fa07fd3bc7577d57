package io.switchboard.internal.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Journals written before the engines moved under {@code io.switchboard.internal} hold Jackson CBOR
 * events and snapshots whose manifest is the old class name; today's node must read them.
 */
class MovedClassesTest {
  private static final Config LOCAL =
      ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load());
  // The old names are built from parts so that api-moves.sh, which rewrites class names, keeps
  // them.
  private static final String PARTITION = "io.switchboard." + "partition.";
  private static final String TOPIC = "io.switchboard." + "topic.";
  private static final String REQUEST = "io.switchboard." + "request.";

  private static ActorSystem system;
  private static Serialization serialization;
  private static ObjectMapper cbor;
  private static int jacksonCbor;

  @BeforeAll
  static void start() throws Exception {
    system = ActorSystem.create("moved-classes-test", LOCAL);
    serialization = SerializationExtension.get(system);
    cbor = JacksonObjectMapperProvider.get(system).getOrCreate("jackson-cbor", Optional.empty());
    jacksonCbor = serialization.serializerFor(io.switchboard.routing.Route.class).identifier();
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Reads {@code fields} in CBOR as a journal row written under {@code oldName} holds them. */
  private static Object readStoredAs(String oldName, Map<String, Object> fields) throws Exception {
    return serialization.deserialize(cbor.writeValueAsBytes(fields), jacksonCbor, oldName).get();
  }

  @Test
  void readsPartitionEventsStoredUnderTheirOldNames() throws Exception {
    Object started = readStoredAs(PARTITION + "PartitionEvent$Started", Map.of("epoch", 3));
    Object removed = readStoredAs(PARTITION + "PartitionEvent$GroupRemoved", Map.of("group", "g"));

    assertThat(started.getClass().getName())
        .isEqualTo("io.switchboard.internal.partition.PartitionEvent$Started");
    assertThat(started).hasToString("Started[epoch=3]");
    assertThat(removed).hasToString("GroupRemoved[group=g]");
  }

  @Test
  void readsRegistryEventsAndCatalogSnapshotsStoredUnderTheirOldNames() throws Exception {
    Object route =
        readStoredAs(
            TOPIC + "TopicRegistry$RouteAdded",
            Map.of("route", Map.of("pattern", "chat.*", "topic", "orders")));
    Object catalog =
        readStoredAs(
            TOPIC + "Catalog", Map.of("version", 7, "topics", Map.of(), "routes", List.of()));

    assertThat(route.getClass().getName())
        .isEqualTo("io.switchboard.internal.topic.TopicRegistry$RouteAdded");
    assertThat(route.toString()).contains("pattern=chat.*", "topic=orders");
    assertThat(catalog).isInstanceOf(io.switchboard.internal.topic.Catalog.class);
    assertThat(((io.switchboard.internal.topic.Catalog) catalog).version()).isEqualTo(7);
  }

  @Test
  void readsReplyEventsStoredUnderTheirOldNames() throws Exception {
    Object detached =
        readStoredAs(REQUEST + "ReplyEvent$Detached", Map.of("atMillis", 1, "graceMillis", 2));

    assertThat(detached.getClass().getName())
        .isEqualTo("io.switchboard.internal.request.ReplyEvent$Detached");
    assertThat(detached).hasToString("Detached[atMillis=1, graceMillis=2]");
  }

  @Test
  void everyConfiguredOldNameLeadsToAClassOfToday() throws Exception {
    Config migrations =
        system.settings().config().getConfig("pekko.serialization.jackson.migrations");
    MovedClasses moved = new MovedClasses();
    List<String> oldNames =
        migrations.root().keySet().stream().filter(n -> n.startsWith("io.switchboard.")).toList();

    assertThat(oldNames).hasSize(24);
    for (String oldName : oldNames) {
      String now = moved.transformClassName(1, oldName);
      assertThat(now).as(oldName).startsWith("io.switchboard.internal.");
      assertThat(Class.forName(now)).as(oldName).isNotNull();
    }
  }

  @Test
  void writesNewEventsUnderTheirNamesOfToday() throws Exception {
    Object started = readStoredAs(PARTITION + "PartitionEvent$Started", Map.of("epoch", 1));

    assertThat(serialization.serializerFor(started.getClass()).identifier()).isEqualTo(jacksonCbor);
    assertThat(
            org.apache.pekko.serialization.Serializers.manifestFor(
                serialization.findSerializerFor(started), started))
        .isEqualTo("io.switchboard.internal.partition.PartitionEvent$Started");
  }
}
