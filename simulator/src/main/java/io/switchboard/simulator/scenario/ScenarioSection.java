package io.switchboard.simulator.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One object of a scenario, read by key with defaults and range checks; every error names the full
 * key (like {@code workers.h100.count}), the rule, the value received and its file line.
 *
 * @param config the config the keys are read from
 * @param path this object's path inside {@code config} ("" for its root)
 * @param display this object's name in messages (differs from path inside list elements)
 */
record ScenarioSection(Config config, String path, String display) {

  static ScenarioSection root(Config config) {
    return new ScenarioSection(config, "", "");
  }

  String name(String key) {
    return display.isEmpty() ? key : display + "." + key;
  }

  boolean has(String key) {
    return config.hasPath(at(key));
  }

  /** Fails on keys not in {@code allowed}: a typo would otherwise fall back to a default. */
  void allowOnly(String... allowed) {
    if (!path.isEmpty() && !config.hasPath(path)) {
      return; // absent: every key takes its default
    }
    Set<String> known = Set.of(allowed);
    Config own = path.isEmpty() ? config : config.getConfig(path);
    for (String key : new TreeSet<>(own.root().keySet())) {
      if (!known.contains(key)) {
        throw new ScenarioException(
            "unknown key '"
                + name(key)
                + "'"
                + origin(key)
                + ", expected one of "
                + new TreeSet<>(known));
      }
    }
  }

  /** Returns the keys of the object at {@code key} (an empty set when absent). */
  Set<String> childNames(String key) {
    if (!has(key)) {
      return Set.of();
    }
    expect(key, ConfigValueType.OBJECT, "an object");
    return new TreeSet<>(config.getConfig(at(key)).root().keySet());
  }

  ScenarioSection child(String key) {
    if (has(key)) {
      expect(key, ConfigValueType.OBJECT, "an object");
    }
    return new ScenarioSection(config, at(key), name(key));
  }

  List<ScenarioSection> list(String key) {
    if (!has(key)) {
      return List.of();
    }
    expect(key, ConfigValueType.LIST, "a list of objects");
    List<? extends Config> items = read(key, () -> config.getConfigList(at(key)));
    List<ScenarioSection> sections = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      sections.add(new ScenarioSection(items.get(i), "", name(key) + "[" + i + "]"));
    }
    return sections;
  }

  boolean isNumber(String key) {
    return has(key) && config.getValue(at(key)).valueType() == ConfigValueType.NUMBER;
  }

  long nanos(String key, long fallback, long min) {
    long value = has(key) ? read(key, () -> config.getDuration(at(key)).toNanos()) : fallback;
    if (value < min) {
      throw invalid(key, "must be at least " + min + " ns", render(key));
    }
    return value;
  }

  long requiredNanos(String key, long min) {
    require(key, "a duration like 500ms or 2s");
    return nanos(key, 0, min);
  }

  double number(String key, double fallback, double min, double max) {
    double value = has(key) ? read(key, () -> config.getDouble(at(key))) : fallback;
    if (!(value >= min && value <= max)) {
      throw invalid(key, "must be in [" + min + ", " + max + "]", render(key));
    }
    return value;
  }

  double requiredNumber(String key, double min, double max) {
    require(key, "a number");
    return number(key, 0, min, max);
  }

  int integer(String key, int fallback, int min, int max) {
    int value = has(key) ? read(key, () -> config.getInt(at(key))) : fallback;
    if (value < min || value > max) {
      throw invalid(key, "must be in [" + min + ", " + max + "]", render(key));
    }
    return value;
  }

  long longInteger(String key, long fallback) {
    return has(key) ? read(key, () -> config.getLong(at(key))) : fallback;
  }

  String string(String key, String fallback) {
    return has(key) ? read(key, () -> config.getString(at(key))) : fallback;
  }

  List<String> strings(String key, List<String> fallback) {
    return has(key) ? read(key, () -> config.getStringList(at(key))) : fallback;
  }

  /** Reads a name that must be one of {@code allowed} (case-insensitive). */
  String choice(String key, String fallback, String... allowed) {
    if (fallback == null) {
      require(key, "one of " + List.of(allowed));
    }
    String value = string(key, fallback).trim().toLowerCase(Locale.ROOT);
    if (!List.of(allowed).contains(value)) {
      throw invalid(key, "must be one of " + List.of(allowed), render(key));
    }
    return value;
  }

  ScenarioException invalid(String key, String rule, String got) {
    return new ScenarioException(name(key) + ": " + rule + ", got " + got + origin(key));
  }

  private void require(String key, String what) {
    if (!has(key)) {
      throw new ScenarioException("missing key '" + name(key) + "', expected " + what);
    }
  }

  private String at(String key) {
    String quoted = key.matches("[A-Za-z0-9_-]+") ? key : ConfigUtil.quoteString(key);
    return path.isEmpty() ? quoted : path + "." + quoted;
  }

  private String render(String key) {
    return has(key) ? config.getValue(at(key)).render() : "nothing";
  }

  private String origin(String key) {
    if (!has(key)) {
      return "";
    }
    String where = config.getValue(at(key)).origin().description();
    return where == null ? "" : " (" + where + ")";
  }

  private void expect(String key, ConfigValueType type, String what) {
    ConfigValueType actual = config.getValue(at(key)).valueType();
    if (actual != type) {
      throw invalid(
          key, "expected " + what, actual.name().toLowerCase(Locale.ROOT) + " " + render(key));
    }
  }

  private <T> T read(String key, Supplier<T> reader) {
    try {
      return reader.get();
    } catch (ConfigException e) {
      throw invalid(key, "invalid value (" + reason(e) + ")", render(key));
    }
  }

  private static String reason(ConfigException e) {
    // typesafe prefixes the origin and path, which the caller already states
    String message = e.getMessage();
    int colon = message.lastIndexOf(": ");
    return colon >= 0 ? message.substring(colon + 2) : message;
  }
}
