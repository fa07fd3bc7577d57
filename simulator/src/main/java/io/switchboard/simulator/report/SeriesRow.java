package io.switchboard.simulator.report;

/**
 * One interval of the time series.
 *
 * @param time end of the interval in seconds
 * @param arrivalRate arrivals per second in the interval
 * @param throughput completions per second in the interval
 * @param p50 median latency of the interval's completions, seconds
 * @param p99 99th percentile latency of the interval's completions, seconds
 * @param queueDepth time-averaged partition backlog over the interval
 * @param inFlight messages delivered and not yet acknowledged at the end of the interval
 * @param utilization time-averaged busy slots over live slots, 0..1
 * @param redeliveries redeliveries in the interval
 * @param deadLetters dead letters in the interval
 */
public record SeriesRow(
    double time,
    double arrivalRate,
    double throughput,
    double p50,
    double p99,
    double queueDepth,
    long inFlight,
    double utilization,
    long redeliveries,
    long deadLetters) {}
