package io.switchboard.balance;

import io.switchboard.routing.KeyPartitioner;
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
 * What choosing a consumer costs per message for each balancing strategy, over a group of {@code
 * consumers} with uneven load and capacity, and what placing a key on a partition costs. Every
 * message of a partition goes through one {@code choose}; none may allocate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BalancingJmh {

  @Param({
    "ROUND_ROBIN",
    "LEAST_OUTSTANDING",
    "WEIGHTED",
    "POWER_OF_TWO",
    "CONSISTENT_HASH",
    "SERVICE_TIME"
  })
  public Balancing balancing;

  @Param({"8", "64"})
  public int consumers;

  private BalancingStrategy strategy;
  private Group group;
  private final String[] keys = new String[1024];
  private int next;

  @Setup
  public void setUp() {
    strategy = balancing.newStrategy(7);
    group = new Group(consumers);
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "conversation-" + i;
    }
  }

  /** One placement, then the chosen consumer settles one delivery so the load stays level. */
  @Benchmark
  public int choose() {
    String key = keys[next++ & (keys.length - 1)];
    int chosen = strategy.choose(group, key);
    group.outstanding[chosen]++;
    group.outstanding[(chosen + 1) % consumers] =
        Math.max(0, group.outstanding[(chosen + 1) % consumers] - 1);
    return chosen;
  }

  @Benchmark
  public int partitionOfKey() {
    return KeyPartitioner.partitionOf(keys[next++ & (keys.length - 1)], 16);
  }

  /** Consumers with credit, uneven capacity and service times, as a real group has. */
  private static final class Group implements Candidates {
    private final String[] ids;
    private final int[] outstanding;
    private final double[] capacity;
    private final double[] serviceTime;

    Group(int size) {
      ids = new String[size];
      outstanding = new int[size];
      capacity = new double[size];
      serviceTime = new double[size];
      for (int i = 0; i < size; i++) {
        ids[i] = "consumer-" + i;
        outstanding[i] = i % 5;
        capacity[i] = 1 + i % 3;
        serviceTime[i] = 1_000_000.0 * (1 + i % 4);
      }
    }

    @Override
    public int size() {
      return ids.length;
    }

    @Override
    public String id(int index) {
      return ids[index];
    }

    @Override
    public int credit(int index) {
      return Math.max(0, 100 - outstanding[index]);
    }

    @Override
    public int outstanding(int index) {
      return outstanding[index];
    }

    @Override
    public double capacity(int index) {
      return capacity[index];
    }

    @Override
    public double serviceTimeNanos(int index) {
      return serviceTime[index];
    }

    @Override
    public long membershipVersion() {
      return 1;
    }
  }
}
