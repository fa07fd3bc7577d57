package io.switchboard.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
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
 * Every key of the library's {@code switchboard} block in reference.conf has a row in
 * docs/configuration.md: under a heading that names its block ({@code ### `switchboard.pull`}) with
 * its short name, or anywhere with its full name.
 */
class ReferenceConfDocumentedTest {
  private static final Pattern HEADING_BLOCK = Pattern.compile("^#+ .*?`(switchboard[\\w.-]*)`");
  private static final Pattern ROW_KEY = Pattern.compile("^\\|\\s*`([\\w.-]+)`[^|]*\\|");

  @Test
  void everyLibraryKeyHasARowInTheConfigurationDoc() throws IOException {
    Set<String> keys = new HashSet<>();
    ConfigFactory.parseFile(Path.of("src/main/resources/reference.conf").toFile())
        .resolve()
        .getConfig("switchboard")
        .entrySet()
        .forEach(e -> keys.add("switchboard." + e.getKey()));
    Set<String> documented = rows(Files.readAllLines(Path.of("../docs/configuration.md")));
    Set<String> all = new HashSet<>(keys);
    all.removeAll(documented);
    assertThat(all).as("reference.conf keys without a row in docs/configuration.md").isEmpty();
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
      Matcher row = ROW_KEY.matcher(line);
      if (row.find()) {
        String key = row.group(1);
        documented.add(key.startsWith("switchboard.") || block == null ? key : block + "." + key);
      }
    }
    return documented;
  }
}
