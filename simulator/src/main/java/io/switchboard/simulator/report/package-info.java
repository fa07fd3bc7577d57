/**
 * Results of runs: {@link io.switchboard.simulator.report.RunRecorder} gathers streaming statistics
 * into a {@link io.switchboard.simulator.report.Summary}; the writers turn results into a terminal
 * table, JSON, CSV and PNG charts.
 */
package io.switchboard.simulator.report;
