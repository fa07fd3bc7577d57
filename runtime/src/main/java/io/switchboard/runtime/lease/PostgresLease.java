package io.switchboard.runtime.lease;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.apache.pekko.coordination.lease.javadsl.Lease;

/**
 * Pekko's coordination lease in the journal's PostgreSQL: a row of the lease table, held by one
 * node incarnation at a time. Set {@code lease-class} of a lease config path to this class; Pekko's
 * lease provider creates it with that path's settings.
 */
public final class PostgresLease extends Lease {
  private final LeaseSettings settings;
  private final LeaseKeeper keeper;
  private final String owner;

  /** Called by Pekko's lease provider. */
  public PostgresLease(LeaseSettings settings, ExtendedActorSystem system) {
    this.settings = settings;
    this.keeper = LeaseKeeper.get(system);
    // a restarted node has the same address: its new incarnation must not inherit the old one's
    // leases
    this.owner = keeper.ownerOf(settings.ownerName());
  }

  @Override
  public LeaseSettings getSettings() {
    return settings;
  }

  @Override
  public CompletionStage<Boolean> acquire() {
    return acquire(lost -> {});
  }

  @Override
  public CompletionStage<Boolean> acquire(Consumer<Optional<Throwable>> leaseLostCallback) {
    return keeper.acquire(settings.leaseName(), owner, leaseLostCallback);
  }

  @Override
  public CompletionStage<Boolean> release() {
    return keeper.release(settings.leaseName());
  }

  @Override
  public boolean checkLease() {
    return keeper.holds(settings.leaseName());
  }
}
