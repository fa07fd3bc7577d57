package io.switchboard.runtime.lease;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.coordination.lease.LeaseException;
import org.apache.pekko.coordination.lease.LeaseTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one node's leases in the lease table: acquires and releases them, renews all of them every
 * heartbeat interval in one statement, and declares a lease lost (its callback, {@code holds}
 * false) once it could not be renewed within its time to live. Blocking JDBC runs on a thread of
 * its own, never on the actors' dispatchers; the deadline checks on another, so a database that
 * hangs cannot keep a lost lease looking held.
 */
public final class LeaseKeeper implements Extension, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  /** The keeper of an actor system, configured from {@code switchboard.lease}. */
  public static final class Id extends AbstractExtensionId<LeaseKeeper>
      implements ExtensionIdProvider {
    public static final Id INSTANCE = new Id();

    private Id() {}

    @Override
    public Id lookup() {
      return INSTANCE;
    }

    @Override
    public LeaseKeeper createExtension(ExtendedActorSystem system) {
      LeaseKeeper keeper =
          new LeaseKeeper(
              PostgresLeaseSettings.fromConfig(
                  system.settings().config().getConfig("switchboard.lease")),
              System::nanoTime);
      system.registerOnTermination(keeper::close);
      return keeper;
    }
  }

  private final PostgresLeaseSettings settings;
  private final LongSupplier clock;
  private final long ttl;
  private final String incarnation = UUID.randomUUID().toString().substring(0, 8);
  private final HeldLeases held = new HeldLeases();
  private final LeaseTable table;
  private final ExecutorService sql;
  private final ScheduledExecutorService ticks;
  private final AtomicBoolean renewing = new AtomicBoolean();
  private volatile boolean tableReady;

  /** Returns the keeper of {@code system}. */
  public static LeaseKeeper get(ActorSystem system) {
    return Id.INSTANCE.get(system);
  }

  /** Starts a keeper; {@code clock} gives monotonic nanoseconds. */
  public LeaseKeeper(PostgresLeaseSettings settings, LongSupplier clock) {
    this.settings = settings;
    this.clock = clock;
    this.ttl = settings.timeToLive().toNanos();
    this.table = new LeaseTable(settings);
    this.sql = Executors.newSingleThreadExecutor(daemon("switchboard-lease-sql"));
    this.ticks = Executors.newSingleThreadScheduledExecutor(daemon("switchboard-lease-heartbeat"));
    long interval = settings.heartbeatInterval().toNanos();
    ticks.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.NANOSECONDS);
  }

  /** Returns the owner recorded in the table for {@code owner} in this process (one per start). */
  public String ownerOf(String owner) {
    return owner + " #" + incarnation;
  }

  /**
   * Acquires {@code name} for {@code owner} (as {@link #ownerOf}): true when held now, false when
   * someone else holds it; fails with {@link LeaseTimeoutException} past the operation timeout.
   */
  public CompletableFuture<Boolean> acquire(
      String name, String owner, Consumer<Optional<Throwable>> onLost) {
    CompletableFuture<Boolean> answer = withTimeout("acquire of " + name);
    sql.execute(
        () -> {
          try {
            ensureTable();
            long sentAt = clock.getAsLong();
            boolean acquired = table.acquire(name, owner);
            if (acquired) {
              held.hold(new HeldLeases.Held(name, owner, sentAt + ttl, onLost));
            }
            if (!answer.complete(acquired) && acquired) {
              // the caller gave up waiting: it does not count on the lease, so nobody should be
              // kept from it
              held.forget(name);
              table.release(name, owner);
            }
          } catch (SQLException | RuntimeException e) {
            answer.completeExceptionally(
                new LeaseException("acquire of " + name + " failed: " + e.getMessage()));
          }
        });
    return answer;
  }

  /** Releases {@code name}: it stops being renewed at once; true when the table row was ours. */
  public CompletableFuture<Boolean> release(String name) {
    Optional<HeldLeases.Held> lease = held.forget(name);
    if (lease.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Boolean> answer = withTimeout("release of " + name);
    sql.execute(
        () -> {
          try {
            answer.complete(table.release(name, lease.get().owner()));
          } catch (SQLException | RuntimeException e) {
            answer.completeExceptionally(
                new LeaseException("release of " + name + " failed: " + e.getMessage()));
          }
        });
    return answer;
  }

  /** Returns whether this node certainly holds {@code name}: acquired and renewed in time. */
  public boolean holds(String name) {
    return held.holds(name, clock.getAsLong());
  }

  /**
   * Returns the owner recorded in the table for {@code name} while this node certainly holds it.
   */
  public Optional<String> heldOwner(String name) {
    return held.owner(name, clock.getAsLong());
  }

  /** Returns the name of the lease table. */
  public String table() {
    return settings.table();
  }

  /** Releases what it holds (best effort, bounded by the operation timeout) and stops. */
  @Override
  public void close() {
    ticks.shutdownNow();
    List<HeldLeases.Held> leases = held.all();
    leases.forEach(lease -> held.forget(lease.name()));
    sql.execute(
        () -> {
          for (HeldLeases.Held lease : leases) {
            try {
              table.release(lease.name(), lease.owner());
            } catch (SQLException e) {
              return; // they expire on their own
            }
          }
          table.close();
        });
    sql.shutdown();
    try {
      sql.awaitTermination(settings.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sql.shutdownNow();
  }

  private void tick() {
    lose(held.expired(clock.getAsLong()), "not renewed within " + settings.timeToLive());
    List<HeldLeases.Held> leases = held.all();
    if (leases.isEmpty() || !renewing.compareAndSet(false, true)) {
      return;
    }
    sql.execute(
        () -> {
          try {
            long sentAt = clock.getAsLong();
            lose(
                held.renewed(leases, table.renew(leases), sentAt, ttl),
                "held by another owner or expired");
          } catch (SQLException | RuntimeException e) {
            log.warn(
                "Could not renew {} leases: {}; each is lost once {} passed since its last renewal",
                leases.size(),
                e.getMessage(),
                settings.timeToLive());
          } finally {
            renewing.set(false);
          }
        });
  }

  private void lose(List<HeldLeases.Held> leases, String reason) {
    for (HeldLeases.Held lease : leases) {
      log.warn("Lease {} of {} lost: {}", lease.name(), lease.owner(), reason);
      try {
        lease
            .onLost()
            .accept(Optional.of(new LeaseException("lease " + lease.name() + " lost: " + reason)));
      } catch (RuntimeException e) {
        log.error("Lease-lost callback of {} failed", lease.name(), e);
      }
    }
  }

  private void ensureTable() throws SQLException {
    if (!tableReady) {
      table.createIfMissing();
      tableReady = true;
    }
  }

  private CompletableFuture<Boolean> withTimeout(String what) {
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    if (!ticks.isShutdown()) {
      ticks.schedule(
          () ->
              answer.completeExceptionally(
                  new LeaseTimeoutException(
                      what + " took longer than " + settings.operationTimeout())),
          settings.operationTimeout().toNanos(),
          TimeUnit.NANOSECONDS);
    }
    return answer;
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
