package io.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Java in docs/embedding.md is the compiled examples' code: each snippet names the example it
 * comes from and its lines stand there in order, and the guide's import list resolves and holds
 * every class a snippet takes from its example's imports.
 */
class EmbeddingGuideTest {
  private static final Path GUIDE = Path.of("../docs/embedding.md");
  private static final Path EXAMPLES =
      Path.of("../docs/examples/src/main/java/io/switchboard/examples");
  private static final Pattern JAVA_BLOCK =
      Pattern.compile("(?ms)^[ \\t]*```java\\n(.*?)^[ \\t]*```");
  private static final Pattern FROM = Pattern.compile("// from (\\w+)\\S*");
  private static final Pattern IMPORT = Pattern.compile("import ([\\w.]+\\.(\\w+));");

  @Test
  void everySnippetStandsInTheExampleItNames() throws IOException {
    for (List<String> snippet : snippets()) {
      if (isImportList(snippet)) {
        continue;
      }
      Matcher from = FROM.matcher(snippet.get(0));
      assertThat(from.matches()).as("first line names its example: %s", snippet).isTrue();
      List<String> source = lines(Files.readString(EXAMPLES.resolve(from.group(1) + ".java")));
      assertThat(source)
          .as("%s holds, in order:%n%s", from.group(1), String.join("\n", snippet))
          .containsSubsequence(snippet.subList(1, snippet.size()));
    }
  }

  @Test
  void theImportListResolvesAndCoversEverySnippet() throws Exception {
    List<List<String>> lists =
        snippets().stream().filter(EmbeddingGuideTest::isImportList).toList();
    assertThat(lists).hasSize(1);
    List<String> listed = lists.get(0);
    for (String line : listed) {
      Matcher named = IMPORT.matcher(line);
      assertThat(named.matches()).as(line).isTrue();
      Class.forName(named.group(1));
    }
    for (List<String> snippet : snippets()) {
      Matcher from = FROM.matcher(snippet.get(0));
      if (!from.matches()) {
        continue;
      }
      String code = String.join("\n", snippet.subList(1, snippet.size()));
      for (String line : lines(Files.readString(EXAMPLES.resolve(from.group(1) + ".java")))) {
        Matcher used = IMPORT.matcher(line);
        if (used.matches() && Pattern.compile("\\b" + used.group(2) + "\\b").matcher(code).find()) {
          assertThat(listed).as("the guide's imports, for:%n%s", code).contains(line);
        }
      }
    }
  }

  private static boolean isImportList(List<String> snippet) {
    return snippet.stream().allMatch(line -> line.startsWith("import "));
  }

  /** Returns each ```java block of the guide as its trimmed, non-blank lines. */
  private static List<List<String>> snippets() throws IOException {
    Matcher block = JAVA_BLOCK.matcher(Files.readString(GUIDE));
    List<List<String>> snippets = new ArrayList<>();
    while (block.find()) {
      snippets.add(lines(block.group(1)));
    }
    assertThat(snippets).isNotEmpty();
    return snippets;
  }

  private static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
