package io.switchboard.runtime.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file's parsed content, read again when the file changed (modification time or size), checked at
 * most every {@code interval} when asked for with the current time. A change that does not parse is
 * logged and the previous content stays in use.
 */
final class WatchedFile<T> {
  private static final Logger log = LoggerFactory.getLogger(WatchedFile.class);

  private final Path path;
  private final Duration interval;
  private final Function<Path, T> parser;
  private volatile T content;
  private Stamp stamp;
  private Instant nextCheck;

  private record Stamp(FileTime modified, long size) {}

  /**
   * Reads the file now; throws {@link IllegalArgumentException} naming it when it cannot be used.
   */
  WatchedFile(Path path, Duration interval, Function<Path, T> parser, Instant now) {
    this.path = path;
    this.interval = interval;
    this.parser = parser;
    this.stamp = stamp(path);
    this.content = parse();
    this.nextCheck = now.plus(interval);
  }

  /**
   * Returns the content, read again first if {@code now} is past the next check and the file
   * changed.
   */
  T current(Instant now) {
    if (!interval.isZero() && !now.isBefore(nextCheck)) {
      reloadIfChanged(now);
    }
    return content;
  }

  private synchronized void reloadIfChanged(Instant now) {
    if (now.isBefore(nextCheck)) {
      return;
    }
    nextCheck = now.plus(interval);
    try {
      Stamp seen = stamp(path);
      if (!Objects.equals(seen, stamp)) {
        content = parse();
        stamp = seen;
        log.info("Reloaded {}", path);
      }
    } catch (IllegalArgumentException e) {
      log.warn("Not reloaded, the previous content stays in use: {}", e.getMessage());
    }
  }

  private T parse() {
    try {
      return parser.apply(path);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  private static Stamp stamp(Path path) {
    try {
      return new Stamp(Files.getLastModifiedTime(path), Files.size(path));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + path + ": " + e, e);
    }
  }
}
