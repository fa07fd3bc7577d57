/**
 * Asking cluster actors with a timeout: {@link io.switchboard.internal.ask.Asks} turns no answer
 * into {@code TIMEOUT} and a refusal into a typed {@code SwitchboardException}.
 */
package io.switchboard.internal.ask;
