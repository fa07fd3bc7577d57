/**
 * Checks of the engine against queueing theory: {@link
 * io.switchboard.simulator.validation.ValidationCase} lists the textbook queues and {@link
 * io.switchboard.simulator.validation.ValidationTable} renders theory against simulation.
 */
package io.switchboard.simulator.validation;
