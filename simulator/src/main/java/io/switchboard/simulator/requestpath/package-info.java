/**
 * The request path as a model: a request's start, its chunks and its end as jobs on the node's CPU
 * (a first-come, first-served stage of {@code cores} servers) and commits of the journal's group
 * commit, with the worker's pace and slots; predicts what {@code RequestBurstBenchmark} measures.
 */
package io.switchboard.simulator.requestpath;
