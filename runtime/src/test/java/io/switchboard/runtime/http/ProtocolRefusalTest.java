package io.switchboard.runtime.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests refused at the HTTP protocol level (before any route) and bodies broken below JSON
 * (chunked encoding): each gets the JSON error shape with a stable code, and nothing is stored.
 */
class ProtocolRefusalTest extends RunningNodeTest {
  private static final String TOPIC = "protocol";
  private static final String MESSAGES = "/v1/topics/" + TOPIC + "/messages";

  @BeforeAll
  void createTopics() {
    createTopic(TOPIC, 1);
  }

  private void assertJsonError(RawHttp.Answer answer, int status, String code) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.contentType()).as(answer.toString()).startsWith("application/json");
    assertThat(answer.errorCode()).as(answer.toString()).isEqualTo(code);
    assertThat(answer.json().path("error").path("message").asText()).isNotBlank();
    assertThat(api.get("/v1/topics/" + TOPIC).json().path("stats").path("published").asLong())
        .isZero();
  }

  @Test
  void answersTooManyHeadersWithJson() {
    String headers =
        IntStream.range(0, 70).mapToObj(i -> "X-H" + i + ": v").collect(Collectors.joining("\r\n"));
    assertJsonError(
        raw().exchange("GET /v1/topics HTTP/1.1\r\n" + headers), 400, "MALFORMED_REQUEST");
  }

  @Test
  void answersLargeHeaderWithJson() {
    assertJsonError(
        raw().exchange("GET /v1/topics HTTP/1.1\r\nX-Big: " + "v".repeat(20_000)),
        431,
        "REQUEST_HEADER_FIELDS_TOO_LARGE");
  }

  @Test
  void answersLongUriWithJson() {
    assertJsonError(
        raw().exchange("GET /v1/topics/" + "t".repeat(5_000) + " HTTP/1.1"), 414, "URI_TOO_LONG");
  }

  @Test
  void answersUnknownHttpVersionWithJson() {
    assertJsonError(raw().exchange("GET /v1/topics HTTP/1.7"), 505, "HTTP_VERSION_NOT_SUPPORTED");
  }

  @Test
  void answersChunkedBodyOverTheLimitWith413() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] piece = ("{\"payload\":\"" + "x".repeat(16 * 1024)).getBytes(US_ASCII);
    for (int i = 0; i < 8; i++) {
      body.writeBytes((Integer.toHexString(piece.length) + "\r\n").getBytes(US_ASCII));
      body.writeBytes(piece);
      body.writeBytes("\r\n".getBytes(US_ASCII));
    }
    body.writeBytes("0\r\n\r\n".getBytes(US_ASCII));
    RawHttp.Answer answer =
        raw()
            .exchange(
                "POST "
                    + MESSAGES
                    + " HTTP/1.1\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked",
                body.toByteArray());
    assertJsonError(answer, 413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void answersMalformedChunkWith400() {
    byte[] body = "5\r\n{\"pay\r\nzz-not-hex\r\nload\":1}\r\n0\r\n\r\n".getBytes(US_ASCII);
    RawHttp.Answer answer =
        raw()
            .exchange(
                "POST "
                    + MESSAGES
                    + " HTTP/1.1\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked",
                body);
    assertJsonError(answer, 400, "MALFORMED_REQUEST");
  }
}
