package io.switchboard.topic;

import io.switchboard.ErrorCode;
import io.switchboard.message.CborSerializable;
import io.switchboard.message.Names;
import io.switchboard.routing.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The cluster-wide registry of topics, groups and routes: an event-sourced cluster singleton,
 * the authority that {@link CatalogReplica}s on every node copy through Distributed Data.
 * Errors are {@code StatusReply} texts of the form {@code CODE: message}.
 */
public final class TopicRegistry extends EventSourcedBehavior<TopicRegistry.Command, TopicRegistry.Event, Catalog> {

  public interface Command extends CborSerializable {}

  public record CreateTopic(TopicConfig config, TopicConfig deadLetters, ActorRef<StatusReply<TopicEntry>> replyTo)
      implements Command {}

  public record DeleteTopic(String topic, ActorRef<StatusReply<TopicEntry>> replyTo) implements Command {}

  public record CreateGroup(String topic, String group, GroupConfig config,
      ActorRef<StatusReply<TopicEntry>> replyTo) implements Command {}

  public record DeleteGroup(String topic, String group, ActorRef<StatusReply<TopicEntry>> replyTo)
      implements Command {}

  public record AddRoute(Route route, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record RemoveRoute(Route route, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record GetCatalog(ActorRef<Catalog> replyTo) implements Command {}

  interface Event extends CborSerializable {}

  record TopicCreated(TopicConfig config, TopicConfig deadLetters, long incarnation) implements Event {}

  record TopicDeleted(String topic) implements Event {}

  record GroupCreated(String topic, String group, GroupConfig config) implements Event {}

  record GroupDeleted(String topic, String group) implements Event {}

  record RouteAdded(Route route) implements Event {}

  record RouteRemoved(Route route) implements Event {}

  private final CatalogPublisher publisher;

  /** Starts the singleton (on the oldest node) and returns a proxy to it. */
  public static ActorRef<Command> init(ActorSystem<?> system) {
    Behavior<Command> registry = Behaviors.setup(context ->
        new TopicRegistry(new CatalogPublisher(context.getSystem())));
    return ClusterSingleton.get(system).init(SingletonActor.of(registry, "switchboard-registry"));
  }

  private TopicRegistry(CatalogPublisher publisher) {
    super(PersistenceId.ofUniqueId("switchboard-registry"));
    this.publisher = publisher;
  }

  @Override
  public Catalog emptyState() {
    return Catalog.EMPTY;
  }

  @Override
  public CommandHandler<Command, Event, Catalog> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(CreateTopic.class, this::onCreateTopic)
        .onCommand(DeleteTopic.class, this::onDeleteTopic)
        .onCommand(CreateGroup.class, this::onCreateGroup)
        .onCommand(DeleteGroup.class, this::onDeleteGroup)
        .onCommand(AddRoute.class, this::onAddRoute)
        .onCommand(RemoveRoute.class, this::onRemoveRoute)
        .onCommand(GetCatalog.class, (catalog, get) -> Effect().reply(get.replyTo(), catalog))
        .build();
  }

  private Effect<Event, Catalog> onCreateTopic(Catalog catalog, CreateTopic create) {
    String name = create.config().name();
    if (catalog.topics().containsKey(name)) {
      return Effect().reply(create.replyTo(), error(ErrorCode.TOPIC_EXISTS, "topic '" + name + "' already exists"));
    }
    return persist(new TopicCreated(create.config(), create.deadLetters(), catalog.version() + 1),
        next -> create.replyTo().tell(StatusReply.success(next.topics().get(name))));
  }

  private Effect<Event, Catalog> onDeleteTopic(Catalog catalog, DeleteTopic delete) {
    TopicEntry entry = catalog.topics().get(delete.topic());
    if (entry == null) {
      return Effect().reply(delete.replyTo(), unknownTopic(delete.topic()));
    }
    return persist(new TopicDeleted(delete.topic()),
        next -> delete.replyTo().tell(StatusReply.success(entry)));
  }

  private Effect<Event, Catalog> onCreateGroup(Catalog catalog, CreateGroup create) {
    TopicEntry entry = catalog.topics().get(create.topic());
    if (entry == null) {
      return Effect().reply(create.replyTo(), unknownTopic(create.topic()));
    }
    if (entry.groups().containsKey(create.group())) {
      return Effect().reply(create.replyTo(), error(ErrorCode.GROUP_EXISTS,
          "group '" + create.group() + "' of topic '" + create.topic() + "' already exists"));
    }
    return persist(new GroupCreated(create.topic(), create.group(), create.config()),
        next -> create.replyTo().tell(StatusReply.success(next.topics().get(create.topic()))));
  }

  private Effect<Event, Catalog> onDeleteGroup(Catalog catalog, DeleteGroup delete) {
    TopicEntry entry = catalog.topics().get(delete.topic());
    if (entry == null) {
      return Effect().reply(delete.replyTo(), unknownTopic(delete.topic()));
    }
    if (!entry.groups().containsKey(delete.group())) {
      return Effect().reply(delete.replyTo(), error(ErrorCode.UNKNOWN_GROUP,
          "topic '" + delete.topic() + "' has no group '" + delete.group() + "'"));
    }
    return persist(new GroupDeleted(delete.topic(), delete.group()),
        next -> delete.replyTo().tell(StatusReply.success(entry)));
  }

  private Effect<Event, Catalog> onAddRoute(Catalog catalog, AddRoute add) {
    if (!catalog.topics().containsKey(add.route().topic())) {
      return Effect().reply(add.replyTo(), unknownTopic(add.route().topic()));
    }
    if (catalog.routes().contains(add.route())) {
      return Effect().reply(add.replyTo(), StatusReply.ack());
    }
    return persist(new RouteAdded(add.route()), next -> add.replyTo().tell(StatusReply.ack()));
  }

  private Effect<Event, Catalog> onRemoveRoute(Catalog catalog, RemoveRoute remove) {
    if (!catalog.routes().contains(remove.route())) {
      return Effect().reply(remove.replyTo(), error(ErrorCode.INVALID_ARGUMENT,
          "no route from '" + remove.route().pattern() + "' to '" + remove.route().topic() + "'"));
    }
    return persist(new RouteRemoved(remove.route()), next -> remove.replyTo().tell(StatusReply.ack()));
  }

  private Effect<Event, Catalog> persist(Event event, java.util.function.Consumer<Catalog> reply) {
    return Effect().persist(event).thenRun(next -> {
      publisher.publish(next);
      reply.accept(next);
    });
  }

  private static <T> StatusReply<T> unknownTopic(String topic) {
    return error(ErrorCode.UNKNOWN_TOPIC, "topic '" + topic + "' does not exist");
  }

  private static <T> StatusReply<T> error(ErrorCode code, String message) {
    return StatusReply.error(code.name() + ": " + message);
  }

  @Override
  public EventHandler<Catalog, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(TopicCreated.class, (catalog, e) -> catalog
            .withTopic(new TopicEntry(e.config(), e.incarnation(), Map.of()))
            .withTopic(new TopicEntry(e.deadLetters(), e.incarnation(), Map.of())))
        .onEvent(TopicDeleted.class, (catalog, e) -> catalog
            .withoutTopic(e.topic())
            .withoutTopic(Names.deadLetterTopic(e.topic())))
        .onEvent(GroupCreated.class, (catalog, e) -> {
          TopicEntry entry = catalog.topics().get(e.topic());
          Map<String, GroupConfig> groups = new HashMap<>(entry.groups());
          groups.put(e.group(), e.config());
          return catalog.withTopic(entry.withGroups(groups));
        })
        .onEvent(GroupDeleted.class, (catalog, e) -> {
          TopicEntry entry = catalog.topics().get(e.topic());
          Map<String, GroupConfig> groups = new HashMap<>(entry.groups());
          groups.remove(e.group());
          return catalog.withTopic(entry.withGroups(groups));
        })
        .onEvent(RouteAdded.class, (catalog, e) -> {
          List<Route> routes = new ArrayList<>(catalog.routes());
          routes.add(e.route());
          return catalog.withRoutes(routes);
        })
        .onEvent(RouteRemoved.class, (catalog, e) -> {
          List<Route> routes = new ArrayList<>(catalog.routes());
          routes.remove(e.route());
          return catalog.withRoutes(routes);
        })
        .build();
  }

  @Override
  public SignalHandler<Catalog> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), publisher::publish)
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2);
  }
}
