/**
 * Producer traffic: {@link io.switchboard.simulator.traffic.StreamSpec} describes a stream, its
 * {@link io.switchboard.simulator.traffic.ArrivalSpec} makes the arrival process and {@link
 * io.switchboard.simulator.traffic.KeyChooser} draws its keys.
 */
package io.switchboard.simulator.traffic;
