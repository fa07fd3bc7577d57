package io.switchboard.runtime.http.topic;

import com.typesafe.config.Config;
import io.switchboard.settings.CheckedConfig;

/**
 * The settings of browsing a group's backlog ({@code switchboard.http.browse}).
 *
 * @param maxMessages most messages one browse may ask for ({@code limit})
 * @param previewBytes most payload bytes shown of each message
 */
record BrowseSettings(int maxMessages, int previewBytes) {
  private static final int MOST_MESSAGES = 10_000;
  private static final int MOST_PREVIEW_BYTES = 1 << 20;

  BrowseSettings {
    if (maxMessages < 1 || maxMessages > MOST_MESSAGES) {
      throw new IllegalArgumentException(
          "switchboard.http.browse.max-messages must be from 1 to "
              + MOST_MESSAGES
              + ", got "
              + maxMessages);
    }
    if (previewBytes < 0 || previewBytes > MOST_PREVIEW_BYTES) {
      throw new IllegalArgumentException(
          "switchboard.http.browse.preview-bytes must be from 0 to "
              + MOST_PREVIEW_BYTES
              + ", got "
              + previewBytes);
    }
  }

  /** Reads {@code switchboard.http.browse} of a node's full config. */
  static BrowseSettings of(Config config) {
    CheckedConfig browse = CheckedConfig.of(config, "switchboard.http.browse");
    return new BrowseSettings(
        browse.intIn("max-messages", 1, MOST_MESSAGES),
        (int) browse.bytes("preview-bytes", 0, MOST_PREVIEW_BYTES));
  }
}
