package io.switchboard.internal.topic;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.internal.journal.JournalFullException;
import io.switchboard.message.CborSerializable;
import io.switchboard.message.Names;
import io.switchboard.message.Text;
import io.switchboard.routing.Route;
import io.switchboard.settings.RestartBackoff;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.JournalPersistFailed;
import org.apache.pekko.persistence.typed.JournalPersistRejected;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The cluster-wide registry of topics, groups and routes: an event-sourced cluster singleton, the
 * authority that {@link CatalogReplica}s on every node copy through Distributed Data. Errors are
 * {@code StatusReply} texts of the form {@code CODE: message}.
 */
public final class TopicRegistry
    extends EventSourcedBehavior<TopicRegistry.Command, TopicRegistry.Event, Catalog> {
  /** The registry's singleton name and persistence id. */
  public static final String NAME = "switchboard-registry";

  public interface Command extends CborSerializable {}

  public record CreateTopic(
      TopicConfig config, TopicConfig deadLetters, ActorRef<StatusReply<TopicEntry>> replyTo)
      implements Command {}

  public record DeleteTopic(String topic, ActorRef<StatusReply<TopicEntry>> replyTo)
      implements Command {}

  public record CreateGroup(
      String topic, String group, GroupConfig config, ActorRef<StatusReply<TopicEntry>> replyTo)
      implements Command {}

  public record DeleteGroup(String topic, String group, ActorRef<StatusReply<TopicEntry>> replyTo)
      implements Command {}

  public record AddRoute(Route route, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record RemoveRoute(Route route, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record GetCatalog(ActorRef<Catalog> replyTo) implements Command {}

  interface Event extends CborSerializable {}

  record TopicCreated(TopicConfig config, TopicConfig deadLetters, long incarnation)
      implements Event {}

  record TopicDeleted(String topic) implements Event {}

  record GroupCreated(String topic, String group, GroupConfig config) implements Event {}

  record GroupDeleted(String topic, String group) implements Event {}

  record RouteAdded(Route route) implements Event {}

  record RouteRemoved(Route route) implements Event {}

  private final CatalogPublisher publisher;

  /** Answers the caller of the write in flight with an error; set while a write is in flight. */
  private BiConsumer<ErrorCode, String> inFlight;

  /**
   * Starts the singleton (on the oldest node) and returns a proxy to it; after a failure it
   * restarts with {@code restart} ({@code switchboard.registry.restart-backoff}).
   */
  public static ActorRef<Command> init(ActorSystem<?> system, RestartBackoff restart) {
    return ClusterSingleton.get(system).init(SingletonActor.of(supervised(restart), NAME));
  }

  /**
   * Returns the registry, restarted (it recovers from the journal) after a refused or failed write
   * instead of stopped: a stopped singleton is not started again, and every call to it would time
   * out until the node restarts.
   */
  static Behavior<Command> supervised(RestartBackoff restart) {
    Behavior<Command> registry =
        Behaviors.setup(
            context -> new TopicRegistry(new CatalogPublisher(context.getSystem()), restart));
    return Behaviors.supervise(registry).onFailure(Exception.class, restart.strategy());
  }

  private TopicRegistry(CatalogPublisher publisher, RestartBackoff restart) {
    super(PersistenceId.ofUniqueId(NAME), restart.strategy());
    this.publisher = publisher;
  }

  @Override
  public Catalog emptyState() {
    return Catalog.EMPTY;
  }

  @Override
  public CommandHandler<Command, Event, Catalog> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
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
      return Effect()
          .reply(
              create.replyTo(),
              error(ErrorCode.TOPIC_EXISTS, "topic '" + name + "' already exists"));
    }
    return persist(
        new TopicCreated(create.config(), create.deadLetters(), catalog.version() + 1),
        create.replyTo(),
        next -> create.replyTo().tell(StatusReply.success(next.topics().get(name))));
  }

  private Effect<Event, Catalog> onDeleteTopic(Catalog catalog, DeleteTopic delete) {
    if (Names.isDeadLetterTopic(delete.topic())) {
      return Effect()
          .reply(
              delete.replyTo(),
              error(
                  ErrorCode.INVALID_ARGUMENT,
                  "dead-letter topic '" + delete.topic() + "' is deleted only with its topic"));
    }
    TopicEntry entry = catalog.topics().get(delete.topic());
    if (entry == null) {
      return Effect().reply(delete.replyTo(), unknownTopic(delete.topic()));
    }
    return persist(
        new TopicDeleted(delete.topic()),
        delete.replyTo(),
        next -> delete.replyTo().tell(StatusReply.success(entry)));
  }

  private Effect<Event, Catalog> onCreateGroup(Catalog catalog, CreateGroup create) {
    TopicEntry entry = catalog.topics().get(create.topic());
    if (entry == null) {
      return Effect().reply(create.replyTo(), unknownTopic(create.topic()));
    }
    if (entry.groups().containsKey(create.group())) {
      return Effect()
          .reply(
              create.replyTo(),
              error(
                  ErrorCode.GROUP_EXISTS,
                  "group '"
                      + create.group()
                      + "' of topic '"
                      + create.topic()
                      + "' already exists"));
    }
    return persist(
        new GroupCreated(create.topic(), create.group(), create.config()),
        create.replyTo(),
        next -> create.replyTo().tell(StatusReply.success(next.topics().get(create.topic()))));
  }

  private Effect<Event, Catalog> onDeleteGroup(Catalog catalog, DeleteGroup delete) {
    TopicEntry entry = catalog.topics().get(delete.topic());
    if (entry == null) {
      return Effect().reply(delete.replyTo(), unknownTopic(delete.topic()));
    }
    if (!entry.groups().containsKey(delete.group())) {
      return Effect()
          .reply(
              delete.replyTo(),
              error(
                  ErrorCode.UNKNOWN_GROUP,
                  "topic '" + delete.topic() + "' has no group '" + delete.group() + "'"));
    }
    return persist(
        new GroupDeleted(delete.topic(), delete.group()),
        delete.replyTo(),
        next -> delete.replyTo().tell(StatusReply.success(entry)));
  }

  private Effect<Event, Catalog> onAddRoute(Catalog catalog, AddRoute add) {
    if (!catalog.topics().containsKey(add.route().topic())) {
      return Effect().reply(add.replyTo(), unknownTopic(add.route().topic()));
    }
    if (catalog.routes().contains(add.route())) {
      return Effect().reply(add.replyTo(), StatusReply.ack());
    }
    return persist(
        new RouteAdded(add.route()), add.replyTo(), next -> add.replyTo().tell(StatusReply.ack()));
  }

  private Effect<Event, Catalog> onRemoveRoute(Catalog catalog, RemoveRoute remove) {
    if (!catalog.routes().contains(remove.route())) {
      return Effect()
          .reply(
              remove.replyTo(),
              error(
                  ErrorCode.INVALID_ARGUMENT,
                  "no route from '"
                      + remove.route().pattern()
                      + "' to '"
                      + remove.route().topic()
                      + "'"));
    }
    return persist(
        new RouteRemoved(remove.route()),
        remove.replyTo(),
        next -> remove.replyTo().tell(StatusReply.ack()));
  }

  private <T> Effect<Event, Catalog> persist(
      Event event, ActorRef<StatusReply<T>> caller, Consumer<Catalog> reply) {
    inFlight = (code, why) -> caller.tell(error(code, why));
    return Effect()
        .persist(event)
        .thenRun(
            next -> {
              inFlight = null;
              publisher.publish(next);
              reply.accept(next);
            });
  }

  /**
   * Answers the caller of a write the journal refused (nothing stored: the change is invalid) or
   * failed (the outcome is unknown: retry); the registry then restarts from its journal.
   */
  private void onWriteLost(ErrorCode code, String what, Throwable cause) {
    boolean full = JournalFullException.isCause(cause);
    if (inFlight != null) {
      inFlight.accept(
          full ? ErrorCode.JOURNAL_FULL : code,
          "the registry could not store this change ("
              + (full ? "the journal's disk is full" : what)
              + ": "
              + Text.quote(String.valueOf(cause))
              + ")");
      inFlight = null;
    }
  }

  private static <T> StatusReply<T> unknownTopic(String topic) {
    return error(ErrorCode.UNKNOWN_TOPIC, "topic '" + topic + "' does not exist");
  }

  private static <T> StatusReply<T> error(ErrorCode code, String message) {
    return StatusReply.error(new SwitchboardException(code, message));
  }

  @Override
  public EventHandler<Catalog, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            TopicCreated.class,
            (catalog, e) ->
                catalog
                    .withTopic(new TopicEntry(e.config(), e.incarnation(), Map.of()))
                    .withTopic(new TopicEntry(e.deadLetters(), e.incarnation(), Map.of())))
        .onEvent(
            TopicDeleted.class,
            (catalog, e) ->
                catalog.withoutTopic(e.topic()).withoutTopic(Names.deadLetterTopic(e.topic())))
        .onEvent(
            GroupCreated.class,
            (catalog, e) -> {
              TopicEntry entry = catalog.topics().get(e.topic());
              Map<String, GroupConfig> groups = new HashMap<>(entry.groups());
              groups.put(e.group(), e.config());
              return catalog.withTopic(entry.withGroups(groups));
            })
        .onEvent(
            GroupDeleted.class,
            (catalog, e) -> {
              TopicEntry entry = catalog.topics().get(e.topic());
              Map<String, GroupConfig> groups = new HashMap<>(entry.groups());
              groups.remove(e.group());
              return catalog.withTopic(entry.withGroups(groups));
            })
        .onEvent(
            RouteAdded.class,
            (catalog, e) -> {
              List<Route> routes = new ArrayList<>(catalog.routes());
              routes.add(e.route());
              return catalog.withRoutes(routes);
            })
        .onEvent(
            RouteRemoved.class,
            (catalog, e) -> {
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
        .onSignal(
            JournalPersistRejected.class,
            (catalog, rejected) ->
                onWriteLost(ErrorCode.INVALID_ARGUMENT, "refused", rejected.failure()))
        .onSignal(
            JournalPersistFailed.class,
            (catalog, failed) ->
                onWriteLost(
                    ErrorCode.TIMEOUT, "journal failure, outcome unknown", failed.failure()))
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2);
  }
}
