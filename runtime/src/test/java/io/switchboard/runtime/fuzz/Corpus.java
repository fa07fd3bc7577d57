package io.switchboard.runtime.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The seed inputs of a fuzz run, kept in {@code src/test/resources/fuzz/}: a text file with one
 * entry a line, {@code #} lines are comments. Text corpora hold the entry as is; binary ones hold
 * it in base64.
 */
public final class Corpus {
  private Corpus() {}

  /** Returns the entries of {@code fuzz/<name>} as UTF-8 bytes. */
  public static List<byte[]> text(String name) {
    return lines(name).stream().map(line -> line.getBytes(StandardCharsets.UTF_8)).toList();
  }

  /** Returns the entries of {@code fuzz/<name>} decoded from base64. */
  public static List<byte[]> base64(String name) {
    return lines(name).stream().map(line -> Base64.getDecoder().decode(line)).toList();
  }

  /** Returns the entry lines of {@code fuzz/<name>}. */
  public static List<String> lines(String name) {
    try (InputStream in = Corpus.class.getResourceAsStream("/fuzz/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no corpus fuzz/" + name + " on the test class path");
      }
      List<String> entries = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          entries.add(line);
        }
      }
      return List.copyOf(entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
