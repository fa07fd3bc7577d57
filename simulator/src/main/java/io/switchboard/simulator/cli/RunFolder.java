package io.switchboard.simulator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Gives each run a folder of its own, {@code <root>/<scenario>-<date>-<time>[-n]}, so runs never
 * mix.
 */
final class RunFolder {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private RunFolder() {}

  /** Creates and returns a new folder under {@code root} named after the scenario and the time. */
  static Path next(Path root, String scenario, Clock clock) throws IOException {
    String name =
        Path.of(scenario)
            .getFileName()
            .toString()
            .replaceFirst("\\.conf$", "")
            .replaceAll("[^A-Za-z0-9._-]", "_");
    String base = name + "-" + LocalDateTime.now(clock).format(STAMP);
    Files.createDirectories(root);
    for (int n = 1; ; n++) {
      Path folder = root.resolve(n == 1 ? base : base + "-" + n);
      try {
        return Files.createDirectory(folder);
      } catch (java.nio.file.FileAlreadyExistsException taken) {
        // a run of the same scenario in the same second: take the next number
      }
    }
  }
}
