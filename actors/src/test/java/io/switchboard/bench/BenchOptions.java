package io.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MODE then key=value arguments; -Dbench.KEY=VALUE works too (arguments win). */
final class BenchOptions {
  final String mode;
  final Map<String, String> values = new LinkedHashMap<>();

  private BenchOptions(String mode) {
    this.mode = mode;
  }

  static BenchOptions parse(String[] args) {
    String mode = System.getProperty("bench.mode", "all");
    List<String> rest = new ArrayList<>(List.of(args));
    if (!rest.isEmpty() && !rest.get(0).contains("=")) {
      mode = rest.remove(0);
    }
    BenchOptions options = new BenchOptions(mode);
    System.getProperties()
        .forEach(
            (k, v) -> {
              if (k.toString().startsWith("bench.") && !k.equals("bench.mode")) {
                options.values.put(k.toString().substring("bench.".length()), v.toString());
              }
            });
    for (String arg : rest) {
      int eq = arg.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
      }
      options.values.put(arg.substring(0, eq).replaceFirst("^--", ""), arg.substring(eq + 1));
    }
    return options;
  }

  int integer(String key, int fallback) {
    String v = values.get(key);
    return v == null ? fallback : Integer.parseInt(v.trim());
  }

  double decimal(String key, double fallback) {
    String v = values.get(key);
    return v == null ? fallback : Double.parseDouble(v.trim());
  }

  String string(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  String describe() {
    return values.isEmpty() ? "(defaults)" : values.toString();
  }
}
