package io.switchboard.runtime.lease;

import io.switchboard.internal.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables.JournalPekkoSerializationRow;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import scala.Tuple2;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;
import scala.util.Failure;
import scala.util.Success;
import scala.util.Try;
import slick.dbio.DBIOAction;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;
import slick.jdbc.SimpleJdbcAction;

/**
 * pekko-persistence-jdbc's journal DAO behind the {@link JournalFence}: a write whose lease this
 * node does not hold is rejected before it is sent (that persist fails alone), and every batch
 * verifies and locks its leases inside its own transaction, so a node frozen between the two checks
 * still cannot commit after its lease changed hands. Set as {@code jdbc-journal.dao} by the
 * postgres profile.
 */
public final class FencedJournalDao extends DefaultJournalDao {
  private final JournalFence fence;

  /** Called by pekko-persistence-jdbc with the journal's database and settings. */
  public FencedJournalDao(
      JdbcBackend.JdbcDatabaseDef db,
      JdbcProfile profile,
      JournalConfig journalConfig,
      Serialization serialization,
      ExecutionContext ec,
      Materializer mat) {
    super(db, profile, journalConfig, serialization, ec, mat);
    var system = mat.system();
    this.fence =
        new JournalFence(
            LeaseKeeper.get(system),
            system.name(),
            system.settings().config().getInt("pekko.cluster.sharding.number-of-shards"),
            Map.of(TopicRegistry.NAME, TopicRegistry.NAME));
  }

  @Override
  public Future<scala.collection.immutable.Seq<Try<BoxedUnit>>> asyncWriteMessages(
      scala.collection.immutable.Seq<AtomicWrite> messages) {
    List<AtomicWrite> writes = CollectionConverters.asJava(messages);
    List<Optional<String>> refusals =
        writes.stream().map(write -> fence.unheldLease(write.persistenceId())).toList();
    if (refusals.stream().allMatch(Optional::isEmpty)) {
      return super.asyncWriteMessages(messages);
    }
    List<AtomicWrite> allowed = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      if (refusals.get(i).isEmpty()) {
        allowed.add(writes.get(i));
      }
    }
    Future<scala.collection.immutable.Seq<Try<BoxedUnit>>> written =
        allowed.isEmpty()
            ? Future.successful(scala.collection.immutable.List$.MODULE$.empty())
            : super.asyncWriteMessages(CollectionConverters.asScala(allowed).toList());
    return written.map(
        results -> merge(writes, refusals, CollectionConverters.asJava(results)), ec());
  }

  /**
   * One result per write: a refusal where the lease is not held, the journal's answers (all ok when
   * none) elsewhere.
   */
  private static scala.collection.immutable.Seq<Try<BoxedUnit>> merge(
      List<AtomicWrite> writes, List<Optional<String>> refusals, List<Try<BoxedUnit>> results) {
    List<Try<BoxedUnit>> merged = new ArrayList<>(writes.size());
    int next = 0;
    for (int i = 0; i < writes.size(); i++) {
      Optional<String> refusal = refusals.get(i);
      if (refusal.isPresent()) {
        merged.add(
            new Failure<>(new FencedWriteException(writes.get(i).persistenceId(), refusal.get())));
      } else {
        merged.add(results.isEmpty() ? new Success<>(BoxedUnit.UNIT) : results.get(next));
        next++;
      }
    }
    return CollectionConverters.asScala(merged).toList();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Future<BoxedUnit> writeJournalRows(
      scala.collection.immutable.Seq<
              Tuple2<JournalPekkoSerializationRow, scala.collection.immutable.Set<String>>>
          rows) {
    Set<String> persistenceIds = new LinkedHashSet<>();
    CollectionConverters.asJava(rows).forEach(row -> persistenceIds.add(row._1().persistenceId()));
    DBIOAction verify =
        SimpleJdbcAction.apply(
            context -> {
              try {
                fence.verify(context.connection(), persistenceIds);
              } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
              }
              return BoxedUnit.UNIT;
            });
    DBIOAction write = verify.andThen(queries().writeJournalRows(rows, ec()));
    DBIOAction transaction = profile().api().jdbcActionExtensionMethods(write).transactionally();
    Future<Object> done = db().run(transaction);
    return done.map(result -> BoxedUnit.UNIT, ec());
  }
}
