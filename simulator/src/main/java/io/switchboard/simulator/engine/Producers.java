package io.switchboard.simulator.engine;

import io.switchboard.routing.KeyPartitioner;
import io.switchboard.simulator.service.Distribution;
import io.switchboard.simulator.traffic.ArrivalProcess;
import io.switchboard.simulator.traffic.KeyChooser;
import io.switchboard.simulator.traffic.MessageType;
import io.switchboard.simulator.traffic.StreamSpec;
import java.util.ArrayList;
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
  private final ServiceVariates variates;
  private final int[][] typeIds;
  private final List<String> typeNames = new ArrayList<>();

  Producers(
      List<StreamSpec> specs,
      List<String> nodes,
      int partitions,
      MessageTable messages,
      ServiceVariates variates,
      SplittableRandom seeds) {
    int n = specs.size();
    this.specs = specs;
    this.messages = messages;
    this.partitions = partitions;
    this.variates = variates;
    arrivals = new ArrivalProcess[n];
    keys = new KeyChooser[n];
    work = new SplittableRandom[n];
    partitioners = new KeyPartitioner[n];
    node = new int[n];
    keyOffset = new int[n];
    partitionOfKey = new int[n][];
    typeIds = new int[n][];
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
      typeIds[s] = typeIds(spec);
    }
  }

  /** Returns the message type names, indexed by the type numbers given to messages. */
  List<String> typeNames() {
    return typeNames;
  }

  // streams sharing a type name share its number, so the report has one line per type
  private int[] typeIds(StreamSpec spec) {
    int[] ids = new int[spec.mix().size()];
    for (int i = 0; i < ids.length; i++) {
      String name = spec.mix().get(i).name();
      if (!typeNames.contains(name)) {
        typeNames.add(name);
      }
      ids[i] = typeNames.indexOf(name);
    }
    return ids;
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
    List<MessageType> mix = specs.get(s).mix();
    int index = mix.size() == 1 ? 0 : specs.get(s).typeAt(random.nextDouble());
    MessageType type = mix.get(index);
    messages.type[m] = typeIds[s][index];
    int traceSize = arrivals[s].lastSize();
    messages.createdAt[m] = now;
    messages.stream[m] = s;
    messages.key[m] = key;
    messages.partition[m] = partitionOf(s, key);
    // variates are drawn only when some model reads them: normals cost far more than uniforms
    messages.uniform[m] = variates.serviceUniform() ? random.nextDouble() : 0;
    messages.normal[m] = variates.serviceNormal() ? random.nextGaussian() : 0;
    // a trace's size column, when present, is the prompt length
    messages.prefill[m] = traceSize >= 0 ? traceSize : (float) draw(type.prefillTokens(), random);
    messages.decode[m] = (float) draw(type.decodeTokens(), random);
    messages.measured[m] = measured;
    return m;
  }

  private static double draw(Distribution distribution, SplittableRandom random) {
    double u = distribution.usesUniform() ? random.nextDouble() : 0;
    double z = distribution.usesNormal() ? random.nextGaussian() : 0;
    return distribution.at(u, z);
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
  public boolean scheduled() {
    return specs.stream().anyMatch(StreamSpec::scheduled);
  }

  @Override
  public String band(int message) {
    return specs.get(messages.stream[message]).priority();
  }

  @Override
  public String tenant(int message) {
    return specs.get(messages.stream[message]).tenant();
  }

  @Override
  public long cost(int message) {
    return Math.round(messages.prefill[message] + messages.decode[message]);
  }

  @Override
  public int globalKey(int message) {
    int key = messages.key[message];
    return key < 0 ? -1 : keyOffset[messages.stream[message]] + key;
  }
}
