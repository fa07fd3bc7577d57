package io.switchboard.simulator.engine;

import io.switchboard.routing.KeyPartitioner;
import io.switchboard.simulator.traffic.ArrivalProcess;
import io.switchboard.simulator.traffic.KeyChooser;
import io.switchboard.simulator.traffic.MessageType;
import io.switchboard.simulator.traffic.StreamSpec;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The producer streams: each keeps one pending arrival event, creates the message (key, type,
 * tokens, the variates its service time will use) and routes it to its partition.
 */
final class Producers implements MessageSource {
  private final List<StreamSpec> specs;
  private final ArrivalProcess[] arrivals;
  private final KeyChooser[] keys;
  private final SplittableRandom[] work;
  private final KeyPartitioner[] partitioners;
  private final int[] node;
  private final int[] keyOffset;
  private final int[][] partitionOfKey;
  private final MessageTable messages;
  private final int partitions;

  Producers(List<StreamSpec> specs, List<String> nodes, int partitions, MessageTable messages,
      SplittableRandom seeds) {
    int n = specs.size();
    this.specs = specs;
    this.messages = messages;
    this.partitions = partitions;
    arrivals = new ArrivalProcess[n];
    keys = new KeyChooser[n];
    work = new SplittableRandom[n];
    partitioners = new KeyPartitioner[n];
    node = new int[n];
    keyOffset = new int[n];
    partitionOfKey = new int[n][];
    int offset = 0;
    for (int s = 0; s < n; s++) {
      StreamSpec spec = specs.get(s);
      // separate generators per purpose: changing one stream's keys never shifts its arrivals
      arrivals[s] = spec.arrival().newProcess(seeds.split());
      keys[s] = new KeyChooser(spec.keys(), seeds.split());
      work[s] = seeds.split();
      partitioners[s] = new KeyPartitioner();
      node[s] = nodes.indexOf(spec.node());
      keyOffset[s] = offset;
      offset += keys[s].keyCount();
      partitionOfKey[s] = new int[keys[s].keyCount()];
      Arrays.fill(partitionOfKey[s], -1);
    }
  }

  int streams() {
    return specs.size();
  }

  /** Returns the first arrival time of stream {@code s}. */
  long first(int s) {
    return arrivals[s].next(0);
  }

  /** Creates stream {@code s}'s message arriving now and returns its slot. */
  int create(int s, long now, boolean measured) {
    int m = messages.allocate();
    SplittableRandom random = work[s];
    int key = keys[s].next();
    MessageType type = specs.get(s).mix().get(specs.get(s).typeAt(random.nextDouble()));
    int traceSize = arrivals[s].lastSize();
    messages.createdAt[m] = now;
    messages.stream[m] = s;
    messages.key[m] = key;
    messages.partition[m] = partitionOf(s, key);
    messages.uniform[m] = random.nextDouble();
    messages.normal[m] = random.nextGaussian();
    // a trace's size column, when present, is the prompt length
    messages.prefill[m] = traceSize >= 0 ? traceSize
        : (float) type.prefillTokens().at(random.nextDouble(), random.nextGaussian());
    messages.decode[m] = (float) type.decodeTokens().at(random.nextDouble(), random.nextGaussian());
    messages.measured[m] = measured;
    return m;
  }

  /** Returns the time of stream {@code s}'s next arrival after {@code now}. */
  long next(int s, long now) {
    return arrivals[s].next(now);
  }

  /** Returns the node of stream {@code s}'s producer. */
  int node(int s) {
    return node[s];
  }

  private int partitionOf(int s, int key) {
    if (key < 0) {
      return partitioners[s].partition(null, partitions);
    }
    int cached = partitionOfKey[s][key];
    if (cached < 0) {
      // the real partitioner, once per key: hashing the string per message would dominate
      cached = KeyPartitioner.partitionOf(keys[s].name(key), partitions);
      partitionOfKey[s][key] = cached;
    }
    return cached;
  }

  @Override
  public String keyName(int message) {
    return keys[messages.stream[message]].name(messages.key[message]);
  }

  @Override
  public int globalKey(int message) {
    int key = messages.key[message];
    return key < 0 ? -1 : keyOffset[messages.stream[message]] + key;
  }
}
