package io.switchboard.runtime.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;

/**
 * HTTP/1.1 over a plain socket, for requests no client library will send as written: dot segments,
 * malformed chunks, oversized headers. Each exchange sends {@code Connection: close}.
 */
final class RawHttp {
  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  /**
   * Sends {@code head} (request line and headers, no blank line) and {@code body} and reads the
   * answer.
   */
  Answer exchange(String head, byte[] body) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(ISO_8859_1));
      out.write(body);
      out.flush();
      return Answer.parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Answer exchange(String head) {
    return exchange(head, new byte[0]);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        all.write(buffer, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // the server may close with a reset after answering a request it will not read to the end
    }
    return all.toByteArray();
  }

  /** An answer: status, the header block as text, and the body (de-chunked when chunked). */
  record Answer(int status, String headers, String body) {
    static Answer parse(byte[] raw) {
      String text = new String(raw, UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        throw new IllegalStateException("no complete answer: '" + text + "'");
      }
      String headers = text.substring(0, end);
      String body = text.substring(end + 4);
      if (headers.toLowerCase().contains("transfer-encoding: chunked")) {
        body = dechunk(body);
      }
      return new Answer(Integer.parseInt(headers.substring(9, 12)), headers, body);
    }

    private static String dechunk(String chunked) {
      StringBuilder body = new StringBuilder();
      int at = 0;
      while (true) {
        int line = chunked.indexOf("\r\n", at);
        int size = Integer.parseInt(chunked.substring(at, line).trim(), 16);
        if (size == 0) {
          return body.toString();
        }
        body.append(chunked, line + 2, line + 2 + size);
        at = line + 2 + size + 2;
      }
    }

    JsonNode json() {
      try {
        return ApiClient.JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + this, e);
      }
    }

    String errorCode() {
      return json().path("error").path("code").asText();
    }

    String contentType() {
      for (String line : headers.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-type:")) {
          return line.substring("content-type:".length()).trim();
        }
      }
      return "";
    }
  }
}
