package io.switchboard.internal.serialization;

/**
 * Marks a Pekko serializer whose bytes never hold an actor reference, so a caller may skip {@code
 * Serialization.withTransportInformation} around it (a thread-local set and reset that cost about a
 * tenth of a durable publish's CPU in the journal, docs/benchmarks.md).
 */
public interface RefFreeSerializer {}
