package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The console's files over real HTTP: content types, revalidation, the page's policy, no other
 * files.
 */
class ConsoleRoutesTest extends RunningNodeTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageWithTheRefreshIntervalAndAStrictPolicy() throws Exception {
    for (String path : new String[] {"/console", "/console/"}) {
      HttpResponse<String> page = get(path);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
      assertThat(page.body())
          .contains("data-refresh-ms=\"2000\"")
          .contains("data-chart-window-ms=\"300000\"")
          .contains("/console/console.js");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("script-src 'self'");
    }
  }

  @Test
  void servesScriptAndStyleWithTheirTypesForRevalidation() throws Exception {
    HttpResponse<String> script = get("/console/console.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValue("application/javascript; charset=UTF-8");
    assertThat(script.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(script.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    String etag = script.headers().firstValue("ETag").orElseThrow();
    assertThat(get("/console/console.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(get("/console/console.css").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=UTF-8");
  }

  @Test
  void servesNoOtherFileOfTheClassPath() throws Exception {
    assertThat(get("/console/reference.conf").statusCode()).isEqualTo(404);
    assertThat(get("/console/missing.js").statusCode()).isEqualTo(404);
    assertThat(get("/console/%2e%2e/reference.conf").statusCode()).isIn(400, 404);
    assertThat(get("/console", "Content-Type", "text/plain").statusCode()).isEqualTo(200);
  }
}
