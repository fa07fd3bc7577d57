package io.switchboard.simulator.scenario;

import io.switchboard.priority.PrioritySettings;
import io.switchboard.simulator.service.Distribution;
import io.switchboard.simulator.traffic.ArrivalSpec;
import io.switchboard.simulator.traffic.KeySpec;
import io.switchboard.simulator.traffic.MessageType;
import io.switchboard.simulator.traffic.StreamSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the {@code streams} section: arrival process, keys and message mix of each stream. */
final class TrafficReader {
  private static final double MAX_RATE = 1e9;

  private final Path baseDirectory;

  /**
   * Reads traces relative to {@code baseDirectory}; null refuses every trace (text from a client).
   */
  TrafficReader(Path baseDirectory) {
    this.baseDirectory = baseDirectory;
  }

  StreamSpec stream(String name, ScenarioSection s, List<String> nodes) {
    s.allowOnly("node", "arrival", "keys", "mix", "priority", "tenant");
    String node = s.string("node", nodes.get(0));
    if (!nodes.contains(node)) {
      throw s.invalid("node", "must be one of the nodes " + nodes, "'" + node + "'");
    }
    if (!s.has("arrival")) {
      throw new ScenarioException(
          "missing key '"
              + s.name("arrival")
              + "', expected an object"
              + " like { process = poisson, rate = 100 }");
    }
    return new StreamSpec(
        name,
        node,
        arrival(s.child("arrival")),
        keys(s.child("keys")),
        mix(s),
        priority(s),
        tenant(s));
  }

  // the bands a node has by default (switchboard.priority.bands), highest first
  private static String priority(ScenarioSection s) {
    if (!s.has("priority")) {
      return null;
    }
    List<String> bands = PrioritySettings.DEFAULTS.bands();
    String band = s.string("priority", "");
    if (!bands.contains(band)) {
      throw s.invalid("priority", "must be one of the bands " + bands, "'" + band + "'");
    }
    return band;
  }

  private static String tenant(ScenarioSection s) {
    if (!s.has("tenant")) {
      return null;
    }
    String tenant = s.string("tenant", "");
    if (tenant.isBlank()) {
      throw s.invalid("tenant", "must not be empty", "''");
    }
    return tenant;
  }

  private ArrivalSpec arrival(ScenarioSection s) {
    s.allowOnly(
        "process", "rate", "off-rate", "on", "off", "amplitude", "period", "peak", "file", "speed");
    return switch (s.choice("process", null, "poisson", "constant", "on-off", "daily", "trace")) {
      case "poisson" -> new ArrivalSpec.Poisson(s.requiredNumber("rate", 0, MAX_RATE));
      case "constant" -> new ArrivalSpec.Constant(s.requiredNumber("rate", 1e-9, MAX_RATE));
      case "on-off" ->
          new ArrivalSpec.OnOff(
              s.requiredNumber("rate", 0, MAX_RATE),
              s.number("off-rate", 0, 0, MAX_RATE),
              s.requiredNanos("on", 1),
              s.requiredNanos("off", 0));
      case "daily" ->
          new ArrivalSpec.Daily(
              s.requiredNumber("rate", 0, MAX_RATE),
              s.number("amplitude", 0.5, 0, 1),
              s.nanos("period", 86_400_000_000_000L, 1),
              s.nanos("peak", 0, 0));
      default -> trace(s);
    };
  }

  private ArrivalSpec trace(ScenarioSection s) {
    if (baseDirectory == null) {
      throw s.invalid(
          "file",
          "refused: a trace is a file on the node's disk, and a scenario sent"
              + " to the node cannot read one; use process = poisson, constant, on-off or daily",
          "'" + s.string("file", "") + "'");
    }
    Path file = baseDirectory.resolve(s.string("file", ""));
    if (!s.has("file") || !Files.isReadable(file)) {
      throw s.invalid("file", "must name a readable CSV of timestamp,size", "'" + file + "'");
    }
    return new ArrivalSpec.Trace(file, s.number("speed", 1, 1e-6, 1e6));
  }

  private static KeySpec keys(ScenarioSection s) {
    s.allowOnly("distribution", "conversations", "exponent", "prefix");
    String shape = s.choice("distribution", "none", "none", "uniform", "zipf");
    if (shape.equals("none")) {
      return KeySpec.none();
    }
    return new KeySpec(
        KeySpec.Shape.valueOf(shape.toUpperCase(Locale.ROOT)),
        s.integer("conversations", 1000, 1, 50_000_000),
        s.number("exponent", 1.0, 0, 10),
        s.string("prefix", "conv-"));
  }

  private static List<MessageType> mix(ScenarioSection stream) {
    List<ScenarioSection> items = stream.list("mix");
    if (items.isEmpty()) {
      return List.of(new MessageType("message", 1, Distribution.fixed(0), Distribution.fixed(0)));
    }
    List<MessageType> types = new ArrayList<>();
    for (ScenarioSection s : items) {
      s.allowOnly("type", "weight", "prefill-tokens", "decode-tokens");
      types.add(
          new MessageType(
              s.string("type", "message"),
              s.number("weight", 1, 1e-12, 1e12),
              DistributionReader.tokens(s, "prefill-tokens", 0),
              DistributionReader.tokens(s, "decode-tokens", 0)));
    }
    return types;
  }
}
