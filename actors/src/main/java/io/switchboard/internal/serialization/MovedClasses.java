package io.switchboard.internal.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Reads Jackson CBOR events and snapshots stored under the class names they had before the engines
 * moved under {@code io.switchboard.internal} (issue #14). Jackson's manifest is the class name, so
 * a journal written by an earlier version names {@code
 * io.switchboard.internal.partition.PartitionEvent$..} and friends; {@code
 * pekko.serialization.jackson.migrations} in pekko-defaults.conf sends each such name here, and
 * this returns the class's name today. The bytes are unchanged (same records, same fields), so
 * {@link #transform} leaves them as they are. New events are written under the new names, without a
 * version.
 */
public final class MovedClasses extends JacksonMigration {

  // The old names are built from parts: api-moves.sh, which rewrites class names, must keep them.
  private static final String OLD = "io.switchboard.";
  private static final String NEW = "io.switchboard.internal.";

  /** Old package-and-class prefix to the new one; a nested class keeps its {@code $Name}. */
  private static final Map<String, String> MOVED =
      Map.of(
          OLD + "partition.", NEW + "partition.",
          OLD + "topic.TopicRegistry$", NEW + "topic.TopicRegistry$",
          OLD + "topic.Catalog", NEW + "topic.Catalog",
          OLD + "request.ReplyEvent$", NEW + "request.ReplyEvent$",
          OLD + "request.ReplyLog", NEW + "request.ReplyLog");

  /** 2: a stored name without a version (1) is one from before the move. */
  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public String transformClassName(int fromVersion, String className) {
    for (Map.Entry<String, String> moved : MOVED.entrySet()) {
      String from = moved.getKey();
      boolean whole = !from.endsWith(".") && !from.endsWith("$");
      if (whole ? className.equals(from) : className.startsWith(from)) {
        return moved.getValue() + className.substring(from.length());
      }
    }
    return className;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
