package io.switchboard.runtime.grpc;

import static io.switchboard.runtime.grpc.GrpcNode.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.switchboard.protocol.v1.Error;
import io.switchboard.protocol.v1.ListTopicsRequest;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import io.switchboard.runtime.http.Readiness;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gate in front of every call, on a real socket, in each state of a node's life. */
class ReadinessGateTest {

  @Test
  void refusesCallsWhileStartingOrStoppingWithNotReady() throws Exception {
    for (Readiness.State state :
        new Readiness.State[] {Readiness.State.STARTING, Readiness.State.STOPPING}) {
      Throwable refused = call(state);
      Error error = assertRefused(refused, Status.Code.UNAVAILABLE, "NOT_READY");
      assertThat(error.getRetryAfterMillis()).isEqualTo(1000);
      assertThat(error.getMessage())
          .contains(state == Readiness.State.STARTING ? "starting" : "stopping");
    }
  }

  @Test
  void letsCallsThroughWhenReady() throws Exception {
    // the service behind the gate implements nothing: reaching it answers UNIMPLEMENTED
    assertThat(((StatusRuntimeException) call(Readiness.State.READY)).getStatus().getCode())
        .isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  private static Throwable call(Readiness.State state) throws Exception {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                ServerInterceptors.intercept(
                    new SwitchboardGrpc.SwitchboardImplBase() {},
                    new ReadinessGate(Readiness.fixed(state), Duration.ofSeconds(1))))
            .build()
            .start();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    try {
      return catchThrowable(
          () ->
              SwitchboardGrpc.newBlockingStub(channel)
                  .listTopics(ListTopicsRequest.getDefaultInstance()));
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }
}
