/**
 * Engines behind the {@link io.switchboard.Switchboard} façade; not a public API and free to
 * change. {@link io.switchboard.internal.Engines} wires them once per system; its sub-packages hold
 * one concept each (partition, consumer, topic, request, journal, ...). The node (the {@code
 * runtime} module) and the simulator may use them: that is their privilege, not an API promise.
 */
package io.switchboard.internal;
