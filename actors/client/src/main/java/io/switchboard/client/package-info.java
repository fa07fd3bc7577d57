/**
 * A client of a remote Switchboard node over gRPC ({@code switchboard.v1}), with the same Streams
 * API as the embedded library.
 */
package io.switchboard.client;
