package io.switchboard.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every key of the {@code switchboard} block in the library's and the node's (runtime's)
 * reference.conf has a row in docs/configuration.md: under a heading that names its block ({@code
 * ### `switchboard.pull`}) with its short name, or anywhere with its full name. It lives here, and
 * reads the runtime's file by its path, so that one check covers both.
 */
class ReferenceConfDocumentedTest {
  private static final Pattern HEADING_BLOCK = Pattern.compile("^#+ .*?`(switchboard[\\w.-]*)`");
  private static final Pattern ROW = Pattern.compile("^\\|([^|]*`[^|]*)\\|(.*)$");
  private static final Pattern NAME = Pattern.compile("`([\\w.*-]+)`");

  @Test
  void everyLibraryKeyHasARowInTheConfigurationDoc() throws IOException {
    assertDocumented(Path.of("src/main/resources/reference.conf"), "configuration.md");
  }

  @Test
  void everyNodeKeyHasARowInTheConfigurationDoc() throws IOException {
    // the node's blocks have their tables beside their features; configuration.md links them
    assertDocumented(
        Path.of("../runtime/src/main/resources/reference.conf"),
        "configuration.md",
        "operations.md",
        "security.md",
        "http-api.md",
        "grpc-api.md",
        "gateway.md",
        "console.md");
  }

  private static void assertDocumented(Path referenceConf, String... docs) throws IOException {
    Set<String> keys = new HashSet<>();
    // environment overrides (${?VAR}) left out: only the keys matter
    ConfigFactory.parseFile(referenceConf.toFile())
        .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true))
        .getConfig("switchboard")
        .entrySet()
        .forEach(e -> keys.add("switchboard." + e.getKey()));
    Set<String> documented = new HashSet<>();
    for (String doc : docs) {
      documented.addAll(rows(Files.readAllLines(Path.of("../docs", doc))));
    }
    Set<String> all = new HashSet<>(keys);
    all.removeAll(documented);
    assertThat(all).as(referenceConf + " keys without a row in docs " + List.of(docs)).isEmpty();
    assertThat(keys).as("the check read the keys").hasSizeGreaterThan(50);
  }

  private static Set<String> rows(List<String> lines) {
    Set<String> documented = new HashSet<>();
    String block = null;
    for (String line : lines) {
      if (line.startsWith("#")) {
        Matcher heading = HEADING_BLOCK.matcher(line);
        block = heading.find() ? heading.group(1) : null;
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (!row.find()) {
        continue;
      }
      // a first cell may name several keys: `url`, `user`, `password`
      Matcher named = NAME.matcher(row.group(1));
      while (named.find()) {
        String key = named.group(1);
        String full = key.startsWith("switchboard.") || block == null ? key : block + "." + key;
        if (full.endsWith(".*")) {
          // `pool-defaults.*`: the row's other cells name the keys of that sub-block
          Matcher inner = NAME.matcher(row.group(2));
          while (inner.find()) {
            documented.add(full.substring(0, full.length() - 1) + inner.group(1));
          }
        } else {
          documented.add(full);
        }
      }
    }
    return documented;
  }
}
