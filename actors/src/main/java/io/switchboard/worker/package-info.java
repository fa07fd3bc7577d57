/**
 * Hosted workers: a {@link io.switchboard.worker.WorkerHandler} that {@code Switchboard.runWorkers}
 * runs as sharded entities.
 */
package io.switchboard.worker;
