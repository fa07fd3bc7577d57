/** Switchboard's embeddable library: start from {@link io.switchboard.Switchboard#get}. */
package io.switchboard;
