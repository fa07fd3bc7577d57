/** Wiring behind the {@link io.switchboard.Switchboard} extension; not a public API. */
package io.switchboard.internal;
