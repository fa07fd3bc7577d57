/**
 * Hosted workers: {@link io.switchboard.internal.worker.WorkerPool} keeps a group's {@link
 * io.switchboard.internal.worker.WorkerEntity}s running as sharded entities.
 */
package io.switchboard.internal.worker;
