package io.switchboard.runtime.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.MediaTypes;

/** One file of the console, read from the jar once, with its content type and entity tag. */
record ConsoleAsset(String name, ContentType contentType, byte[] bytes, String etag) {

  /**
   * Reads {@code console/<name>} from the class path, with each placeholder of {@code values}
   * replaced.
   */
  static ConsoleAsset load(String name, Map<String, String> values) {
    try (InputStream in =
        ConsoleAsset.class.getClassLoader().getResourceAsStream("console/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "console asset missing from the class path: console/" + name);
      }
      byte[] bytes = in.readAllBytes();
      if (!values.isEmpty()) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> value : values.entrySet()) {
          text = text.replace(value.getKey(), value.getValue());
        }
        bytes = text.getBytes(StandardCharsets.UTF_8);
      }
      return new ConsoleAsset(name, contentTypeOf(name), bytes, digest(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ContentType contentTypeOf(String name) {
    if (name.endsWith(".html")) {
      return ContentTypes.TEXT_HTML_UTF8;
    }
    if (name.endsWith(".js")) {
      // a module script must come as JavaScript or the browser refuses to run it
      return MediaTypes.APPLICATION_JAVASCRIPT.toContentType(HttpCharsets.UTF_8);
    }
    if (name.endsWith(".css")) {
      return MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8);
    }
    throw new IllegalArgumentException("no content type known for console asset " + name);
  }

  private static String digest(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
