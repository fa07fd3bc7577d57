/**
 * Balancing strategies in plain Java, shared by the runtime and the simulator: {@link
 * io.switchboard.balance.Balancing} names them, {@link io.switchboard.balance.BalancingStrategy} is
 * their contract.
 */
package io.switchboard.balance;
