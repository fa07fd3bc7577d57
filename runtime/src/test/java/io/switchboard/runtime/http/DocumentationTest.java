package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the docs tell a new user to type works as written, against a real node. */
class DocumentationTest extends RunningNodeTest {
  private static final Path ROOT = Path.of("..");
  private static final String MARK = "@@expected-output@@";
  private static final Pattern FIELD =
      Pattern.compile("\"(\\w+)\":(\"([^\"]*)\"|-?\\d+|true|false|\\[\\]|\\[)");

  @Override
  String config() {
    return "";
  }

  @Test
  void readmeQuickStartRunsAsWritten() throws Exception {
    List<String> blocks = curlBlocks(Files.readString(ROOT.resolve("README.md")));
    assertThat(blocks).isNotEmpty();
    for (String block : blocks) {
      runAndCompare(block);
    }
  }

  @Test
  void topicNameLimitOfTheHttpApiDocIsTheNodes() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/http-api.md"));
    int topicLimit = number(doc, "topic name longer than (\\d+) characters");
    int groupLimit = number(doc, "group name longer than (\\d+) characters");
    ApiClient api = node.client();
    assertThat(api.post("/v1/topics", Map.of("name", "t".repeat(topicLimit))).status())
        .isEqualTo(201);
    ApiClient.Answer tooLong = api.post("/v1/topics", Map.of("name", "u".repeat(topicLimit + 1)));
    assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
    assertThat(tooLong.errorCode()).isEqualTo("INVALID_NAME");
    String topic = "t".repeat(topicLimit);
    assertThat(
            api.post("/v1/topics/" + topic + "/groups", Map.of("name", "g".repeat(groupLimit)))
                .status())
        .isEqualTo(201);
    assertThat(
            api.post("/v1/topics/" + topic + "/groups", Map.of("name", "h".repeat(groupLimit + 1)))
                .errorCode())
        .isEqualTo("INVALID_NAME");
  }

  /** Runs a block through bash as written (port aside) and checks each {@code # {...}} comment. */
  private void runAndCompare(String block) throws Exception {
    int port = port();
    List<String> expected = new ArrayList<>();
    StringBuilder script = new StringBuilder();
    for (String line : block.replace("localhost:8080", "127.0.0.1:" + port).split("\n")) {
      if (line.startsWith("# {")) {
        expected.add(line.substring(2));
        script.append("printf '\\n").append(MARK).append("\\n'\n");
      } else {
        script.append(line).append('\n');
      }
    }
    Process bash =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as("bash exit status of:\n" + script).isZero();
    String[] outputs = out.split(Pattern.quote(MARK), -1);
    assertThat(outputs).hasSize(expected.size() + 1);
    for (int i = 0; i < expected.size(); i++) {
      matchesLoosely(outputs[i].strip(), expected.get(i));
    }
  }

  /**
   * The answer has every field the comment shows; literal values ({@code "partition":0}) must be
   * equal, values with {@code ...} only present, {@code []} empty and {@code [...]} not empty.
   */
  private static void matchesLoosely(String actual, String expected) throws IOException {
    JsonNode json = ApiClient.JSON.readTree(actual);
    Matcher field = FIELD.matcher(expected);
    while (field.find()) {
      String name = field.group(1);
      String value = field.group(2);
      List<JsonNode> found = json.findValues(name);
      assertThat(found)
          .as("field %s in %s (expected like %s)", name, actual, expected)
          .isNotEmpty();
      if (value.equals("[]")) {
        assertThat(found.get(0).isEmpty()).as("%s empty in %s", name, actual).isTrue();
      } else if (value.equals("[")) {
        assertThat(found.get(0).isEmpty()).as("%s not empty in %s", name, actual).isFalse();
      } else if (!value.contains("...")) {
        assertThat(found)
            .as("%s=%s in %s", name, value, actual)
            .anyMatch(node -> node.toString().equals(value));
      }
    }
  }

  private static List<String> curlBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher block = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (block.find()) {
      if (block.group(1).startsWith("curl")) {
        blocks.add(block.group(1));
      }
    }
    return blocks;
  }

  private static int number(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertThat(matcher.find()).as("the doc says: " + regex).isTrue();
    return Integer.parseInt(matcher.group(1));
  }
}
