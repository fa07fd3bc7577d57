package io.switchboard.runtime.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;

/**
 * One HTTP/1.1 exchange over a plain socket, read to the end of the connection, so that a test sees
 * exactly what went over the wire: whether a chunked body ended or was cut.
 */
final class Wire {

  private Wire() {}

  /**
   * Posts JSON with extra header lines ({@code "name: value\r\n"}) and reads until the server
   * closes.
   */
  static Answer post(int port, String path, String json, String headers) throws IOException {
    byte[] body = json.getBytes(UTF_8);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + "Content-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\n"
            + headers
            + "\r\n";
    return send(port, head.getBytes(UTF_8), body);
  }

  /** Sends a GET and reads until the server closes. */
  static Answer get(int port, String path) throws IOException {
    return send(
        port,
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .getBytes(UTF_8),
        new byte[0]);
  }

  private static Answer send(int port, byte[] head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      socket.getOutputStream().write(head);
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      return Answer.parse(readAll(socket.getInputStream()));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        all.write(buffer, 0, n);
      }
    } catch (SocketException reset) {
      // a dropped connection may end in a reset rather than an orderly close: the bytes read stand
    }
    return all.toByteArray();
  }

  /**
   * What came back.
   *
   * @param status the status code; 0 when the connection closed before any answer
   * @param headers the header block, lower-cased
   * @param body the body, de-chunked when chunked
   * @param complete false when a chunked body was cut before its last (empty) chunk
   */
  record Answer(int status, String headers, String body, boolean complete) {
    static Answer parse(byte[] raw) {
      if (raw.length == 0) {
        return new Answer(0, "", "", false);
      }
      String text = new String(raw, UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String headers = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
      int status = Integer.parseInt(headers.substring(9, 12));
      String rest = text.substring(end + 4);
      if (!headers.contains("transfer-encoding: chunked")) {
        return new Answer(status, headers, rest, true);
      }
      StringBuilder body = new StringBuilder();
      int at = 0;
      while (true) {
        int line = rest.indexOf("\r\n", at);
        if (line < 0) {
          return new Answer(status, headers, body.toString(), false);
        }
        int size = Integer.parseInt(rest.substring(at, line).trim(), 16);
        if (size == 0) {
          return new Answer(status, headers, body.toString(), true);
        }
        // sizes count bytes; the bodies here are ASCII JSON
        body.append(rest, line + 2, Math.min(rest.length(), line + 2 + size));
        at = line + 2 + size + 2;
        if (at > rest.length()) {
          return new Answer(status, headers, body.toString(), false);
        }
      }
    }
  }
}
