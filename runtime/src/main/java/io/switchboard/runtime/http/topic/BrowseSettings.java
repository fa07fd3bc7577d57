package io.switchboard.runtime.http.topic;

import com.typesafe.config.Config;

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

  static BrowseSettings fromConfig(Config browse) {
    return new BrowseSettings(
        browse.getInt("max-messages"),
        (int) Math.min(Integer.MAX_VALUE, browse.getBytes("preview-bytes")));
  }
}
