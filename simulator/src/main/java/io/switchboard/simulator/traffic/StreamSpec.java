package io.switchboard.simulator.traffic;

import java.util.List;

/**
 * One producer stream: where it publishes from, when, with which keys and message types.
 *
 * @param name the stream's name in the scenario
 * @param node the node the producer runs on
 * @param arrival the arrival process
 * @param keys the key distribution
 * @param mix the message types with weights (at least one)
 * @param priority the priority band its messages carry ({@code switchboard-priority}), or null
 * @param tenant the tenant its messages carry ({@code switchboard-tenant}), or null
 */
public record StreamSpec(
    String name,
    String node,
    ArrivalSpec arrival,
    KeySpec keys,
    List<MessageType> mix,
    String priority,
    String tenant) {

  public StreamSpec {
    mix = List.copyOf(mix);
  }

  /** A stream whose messages carry no band or tenant (one queue per partition, oldest first). */
  public StreamSpec(
      String name, String node, ArrivalSpec arrival, KeySpec keys, List<MessageType> mix) {
    this(name, node, arrival, keys, mix, null, null);
  }

  /** Returns whether its messages carry a band or a tenant. */
  public boolean scheduled() {
    return priority != null || tenant != null;
  }

  /** Returns the index into {@link #mix} for a uniform variate {@code u}. */
  public int typeAt(double u) {
    double total = 0;
    for (MessageType type : mix) {
      total += type.weight();
    }
    double target = u * total;
    double sum = 0;
    for (int i = 0; i < mix.size(); i++) {
      sum += mix.get(i).weight();
      if (target < sum) {
        return i;
      }
    }
    return mix.size() - 1;
  }
}
