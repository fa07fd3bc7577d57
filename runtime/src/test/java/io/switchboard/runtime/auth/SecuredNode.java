package io.switchboard.runtime.auth;

import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.testing.QuickStop;
import io.switchboard.testing.ScratchDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real node with authentication on (a tokens file, a JWKS file) and the callers the access tests
 * use: an admin, a principal with no right on the test topic, and tokens for any grants.
 */
final class SecuredNode implements AutoCloseable {
  static final String TOPIC = "orders";
  static final String GROUP = "g";
  private static final SecureRandom RANDOM = new SecureRandom();

  final Path dir;
  final Path tokensFile;
  final TestJwts issuer = TestJwts.withKey("issuer-1");
  private final Map<String, String> lines = new LinkedHashMap<>();
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private final SwitchboardNode node;
  private final HttpClient http = HttpClient.newHttpClient();

  SecuredNode() {
    this("");
  }

  /** Starts the node with {@code extraHocon} after the auth settings in its config file. */
  SecuredNode(String extraHocon) {
    try {
      dir = Files.createTempDirectory("switchboard-auth-test");
      tokensFile = dir.resolve("tokens.txt");
      mint("admin", "produce:*,consume:*,admin:*");
      mint("outsider", "produce:elsewhere,consume:elsewhere,admin:elsewhere.*");
      mint("producer", "produce:" + TOPIC);
      writeTokens();
      Path jwks = issuer.writeJwks(dir.resolve("jwks.json"));
      Path config =
          Files.writeString(
              dir.resolve("auth.conf"),
              QuickStop.CONFIG
                  + "switchboard.auth {\n enabled = on\n tokens-file = \""
                  + tokensFile
                  + "\"\n reload-interval = 100ms\n jwt {\n  issuer = \""
                  + TestJwts.ISSUER
                  + "\"\n  audience = \""
                  + TestJwts.AUDIENCE
                  + "\"\n  jwks-file = \""
                  + jwks
                  + "\"\n }\n}\n"
                  + extraHocon
                  + "\n");
      NodeSettings settings =
          new NodeSettings(
              List.of("local"),
              Optional.of(config),
              Optional.of(0),
              Optional.of(dir.resolve("data")),
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(0),
              Optional.of(0));
      node =
          SwitchboardNode.start(NodeConfig.load(settings))
              .toCompletableFuture()
              .orTimeout(90, TimeUnit.SECONDS)
              .join();
      node.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a token with {@code grants} to the file (written by {@link #writeTokens}); returns it. */
  String mint(String name, String grants) {
    String secret = TokenHash.newSecret(RANDOM);
    lines.put(
        name,
        TokenFile.line(
            name, "team-" + name, Grant.parseList(grants), TokenHash.hash(secret, RANDOM)));
    tokens.put(name, TokenFile.token(name, secret));
    return tokens.get(name);
  }

  /** Removes a token's line from the file: revokes it. */
  void revoke(String name) throws IOException {
    lines.remove(name);
    writeTokens();
  }

  void writeTokens() throws IOException {
    Path next =
        Files.writeString(dir.resolve("tokens.next"), String.join("\n", lines.values()) + "\n");
    Files.move(
        next,
        tokensFile,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  String token(String name) {
    return tokens.get(name);
  }

  /**
   * Returns a JWT for {@code subject} with every right, expired a minute ago (beyond the 30 s
   * skew).
   */
  String expiredJwt() {
    return issuer.token(
        "expired", Instant.now().minusSeconds(90), List.of("produce:*", "consume:*", "admin:*"));
  }

  SwitchboardNode node() {
    return node;
  }

  int grpcPort() {
    return node.grpcAddress().getPort();
  }

  URI http(String path) {
    return URI.create("http://127.0.0.1:" + node.httpAddress().getPort() + path);
  }

  URI management(String path) {
    return URI.create(node.managementUri().toCompletableFuture().join().toString() + path);
  }

  /** Sends a request with {@code token} as bearer (null: none) and a JSON body (null: none). */
  HttpResponse<String> send(String method, URI uri, String token, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends as the admin and returns the body; fails unless 2xx. */
  String admin(String method, String path, String json) {
    HttpResponse<String> answer = send(method, http(path), token("admin"), json);
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " -> " + answer.statusCode() + " " + answer.body());
    }
    return answer.body();
  }

  /** Creates the test topic with a group, one message and a route, as the admin. */
  void seed() {
    admin("POST", "/v1/topics", "{\"name\":\"" + TOPIC + "\",\"partitions\":1}");
    admin("POST", "/v1/topics/" + TOPIC + "/groups", "{\"name\":\"" + GROUP + "\"}");
    admin("POST", "/v1/topics/" + TOPIC + "/messages", "{\"payload\":\"first\"}");
    admin("POST", "/v1/routes", "{\"pattern\":\"orders.*\",\"topic\":\"" + TOPIC + "\"}");
  }

  /**
   * Returns what an admin sees of the node's state: topics, the topic's details and stats, groups,
   * routes, dead letters.
   */
  List<String> state() {
    List<String> state = new ArrayList<>();
    for (String path :
        List.of(
            "/v1/topics",
            "/v1/topics/" + TOPIC,
            "/v1/topics/" + TOPIC + "/groups",
            "/v1/routes",
            "/v1/topics/" + TOPIC + "/dead-letters")) {
      state.add(path + " " + admin("GET", path, null));
    }
    return state;
  }

  @Override
  public void close() throws IOException {
    node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    node.system().getWhenTerminated().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    ScratchDirectory.delete(dir);
  }
}
