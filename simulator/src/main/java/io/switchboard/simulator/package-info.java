/** The discrete-event capacity simulator. */
package io.switchboard.simulator;
