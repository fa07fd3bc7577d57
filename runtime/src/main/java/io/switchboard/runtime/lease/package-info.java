/**
 * Fencing in the journal's own PostgreSQL: {@link io.switchboard.runtime.lease.PostgresLease} is
 * Pekko's coordination {@code Lease} over the {@code switchboard_lease} table, used by sharding,
 * singletons and the split brain resolver; {@link io.switchboard.runtime.lease.LeaseKeeper} renews
 * every lease a node holds in one statement.
 */
package io.switchboard.runtime.lease;
