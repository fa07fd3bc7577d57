/**
 * The node's gRPC service {@code switchboard.v1}: a thin edge over the library. Entry point {@link
 * io.switchboard.runtime.grpc.GrpcServer}; the streams are {@code PublishStream} and {@code
 * ConsumeStream}, errors go through {@code GrpcErrors}.
 */
package io.switchboard.runtime.grpc;
