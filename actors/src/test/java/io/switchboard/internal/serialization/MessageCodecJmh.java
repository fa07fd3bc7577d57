package io.switchboard.internal.serialization;

import io.switchboard.message.Message;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the binary message codec costs per message: encoding into a fresh buffer (as the journal and
 * the wire do) and decoding it back, for a message of {@code bodyBytes} with three headers. Run it
 * as docs/contributing.md shows; add {@code -prof gc} for bytes allocated per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageCodecJmh {

  @Param({"100", "1024", "16384"})
  public int bodyBytes;

  private Message message;
  private byte[] encoded;

  @Setup
  public void setUp() {
    message =
        Message.builder("orders")
            .key("customer-42")
            .text("x".repeat(bodyBytes))
            .header("switchboard-priority", "interactive")
            .header("switchboard-tenant", "tenant-a")
            .header("trace-id", "4bf92f3577b34da6a3ce929d0e0e4736")
            .build();
    encoded = encode();
  }

  @Benchmark
  public byte[] encode() {
    BinaryOutput out = new BinaryOutput(MessageCodec.size(message));
    MessageCodec.write(message, out);
    return out.toByteArray();
  }

  @Benchmark
  public Message decode() {
    return MessageCodec.read(ByteBuffer.wrap(encoded));
  }
}
