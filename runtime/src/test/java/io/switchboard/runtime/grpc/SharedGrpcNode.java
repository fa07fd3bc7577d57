package io.switchboard.runtime.grpc;

import io.switchboard.testing.OnePerRun;

/** Hands a {@link GrpcNode} parameter one default-config node for the whole test run. */
final class SharedGrpcNode extends OnePerRun<GrpcNode> {
  SharedGrpcNode() {
    super(GrpcNode.class);
  }

  @Override
  protected GrpcNode start() {
    return GrpcNode.start();
  }
}
