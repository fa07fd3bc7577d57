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
 */
public record StreamSpec(
    String name, String node, ArrivalSpec arrival, KeySpec keys, List<MessageType> mix) {

  public StreamSpec {
    mix = List.copyOf(mix);
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
