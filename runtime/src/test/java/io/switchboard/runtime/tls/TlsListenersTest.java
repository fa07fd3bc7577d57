package io.switchboard.runtime.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.switchboard.client.ClientSettings;
import io.switchboard.client.ClientTls;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.consumer.ConsumerSettings;
import io.switchboard.consumer.Delivery;
import io.switchboard.message.Message;
import io.switchboard.protocol.v1.ListTopicsRequest;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import io.switchboard.runtime.node.NodeConfig;
import io.switchboard.runtime.node.NodeSettings;
import io.switchboard.runtime.node.SwitchboardNode;
import io.switchboard.testing.QuickStop;
import io.switchboard.topic.GroupConfig;
import io.switchboard.topic.TopicConfig;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node with TLS on: its HTTP API, management port and gRPC port reached with curl and
 * grpc-java over real handshakes; the wrong CA and plaintext refused; a certificate replaced on
 * disk served without a restart; and with client-auth = need, a client without a certificate
 * refused.
 *
 * <p>Over 400 lines on purpose: its cases share the certificate authority and keys it makes once
 * and the helpers that start a node per TLS setup and call it with curl and grpc-java; split, each
 * part would make them again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsListenersTest {
  @TempDir static Path dir;

  private TestCertificates certificates;
  private SwitchboardNode node;
  private int managementPort;

  @BeforeAll
  void startNode() throws Exception {
    certificates =
        new TestCertificates(Files.createDirectories(dir.resolve("certs")))
            .authority("ca")
            .server("node", "ca")
            .server("node-next", "ca")
            .authority("other-ca")
            .server("impostor", "other-ca")
            .client("worker", "ca")
            .expiredServer("node-expired", "ca")
            .expiredClient("worker-expired", "ca");
    node = start("plain", "reload-interval = 200ms");
    managementPort = node.managementUri().toCompletableFuture().get(30, TimeUnit.SECONDS).getPort();
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      stop(node);
    }
  }

  @Test
  void curlAndGrpcWithTheNodesCaReachEveryListener() throws Exception {
    assertThat(
            curl(
                "--cacert",
                ca(),
                "https://127.0.0.1:" + node.httpAddress().getPort() + "/v1/topics"))
        .startsWith("200");
    assertThat(curl("--cacert", ca(), "https://localhost:" + managementPort + "/health/alive"))
        .startsWith("200");
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", node.grpcAddress().getPort())
            .sslContext(
                GrpcSslContexts.forClient()
                    .trustManager(certificates.path("ca.pem").toFile())
                    .build())
            .build();
    try {
      assertThat(
              SwitchboardGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .listTopics(ListTopicsRequest.getDefaultInstance())
                  .getTopicsList())
          .isNotNull();
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void theJavaClientPublishesAndConsumesOverTlsAndRefusesAnUntrustedNode() throws Exception {
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.empty(),
            "client",
            ConfigFactory.parseString(
                    "pekko.actor.provider = local\npekko.remote.artery.enabled = off")
                .withFallback(ConfigFactory.load()));
    ClientSettings target =
        ClientSettings.fromConfig(ConfigFactory.load().getConfig("switchboard.client"))
            .withTarget("127.0.0.1", node.grpcAddress().getPort());
    SwitchboardClient client =
        SwitchboardClient.connect(
            system, target.withTls(ClientTls.trusting(certificates.path("ca.pem"))));
    SwitchboardClient untrusting =
        SwitchboardClient.connect(
            system, target.withTls(ClientTls.trusting(certificates.path("other-ca.pem"))));
    try {
      client
          .createTopic(TopicConfig.of("over-tls"))
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      client
          .createGroup("over-tls", "g", GroupConfig.DEFAULT)
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      Message sent = Message.builder("over-tls").text("hello over TLS").build();
      client.publish(sent).toCompletableFuture().get(30, TimeUnit.SECONDS);
      List<Delivery> received =
          client
              .source("over-tls", "g", ConsumerSettings.defaults())
              .take(1)
              .map(
                  delivery -> {
                    delivery.ack();
                    return delivery;
                  })
              .runWith(Sink.seq(), system)
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      assertThat(received).extracting(d -> d.message().id()).containsExactly(sent.id());

      assertThatThrownBy(
              () -> untrusting.listTopics().toCompletableFuture().get(30, TimeUnit.SECONDS))
          .hasMessageContaining("UNAVAILABLE");
    } finally {
      client.close();
      untrusting.close();
      system.terminate();
    }
  }

  @Test
  void thePythonClientPublishesOverTlsWithTheCaAndIsRefusedWithAnother() throws Exception {
    Path examples = Path.of("../docs/examples/python").toAbsolutePath();
    Path stubs = dir.resolve("python-stubs");
    assertThat(
            run(
                examples,
                Map.of(),
                "sh",
                examples.resolve("generate_stubs.sh").toString(),
                stubs.toString()))
        .contains("stubs in");
    assertThat(
            curl(
                "--cacert",
                ca(),
                "-X",
                "POST",
                "-H",
                "Content-Type: application/json",
                "-d",
                "{\"name\":\"py-tls\"}",
                "https://127.0.0.1:" + node.httpAddress().getPort() + "/v1/topics"))
        .startsWith("201");
    // the node's certificate names 127.0.0.1 and localhost
    String target = "localhost:" + node.grpcAddress().getPort();

    String trusted =
        run(
            examples,
            Map.of("SWITCHBOARD_STUBS", stubs.toString(), "SWITCHBOARD_CA", ca()),
            "/usr/bin/python3",
            "publish.py",
            target,
            "py-tls",
            "20",
            "10",
            "64");
    assertThat(trusted).contains("published 20 confirmed 20");
    String untrusted =
        run(
            examples,
            Map.of(
                "SWITCHBOARD_STUBS",
                stubs.toString(),
                "SWITCHBOARD_CA",
                certificates.path("other-ca.pem").toString()),
            "/usr/bin/python3",
            "publish.py",
            target,
            "py-tls",
            "1");
    assertThat(untrusted).doesNotContain("confirmed 1").contains("UNAVAILABLE");
  }

  /** Runs a command in {@code directory} with {@code environment} added; returns its output. */
  private static String run(Path directory, Map<String, String> environment, String... command)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
    return output;
  }

  @Test
  void theWrongCaAndPlaintextAreRefused() throws Exception {
    int http = node.httpAddress().getPort();
    // curl 60: the peer's certificate cannot be verified with the given CA
    assertThat(
            curl(
                "--cacert",
                certificates.path("other-ca.pem").toString(),
                "https://127.0.0.1:" + http + "/v1/topics"))
        .startsWith("exit 60");
    assertThat(curl("http://127.0.0.1:" + http + "/v1/topics")).startsWith("exit");
    ManagedChannel plaintext =
        NettyChannelBuilder.forAddress("127.0.0.1", node.grpcAddress().getPort())
            .usePlaintext()
            .build();
    try {
      assertThatThrownBy(
              () ->
                  SwitchboardGrpc.newBlockingStub(plaintext)
                      .withDeadlineAfter(10, TimeUnit.SECONDS)
                      .listTopics(ListTopicsRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    } finally {
      plaintext.shutdownNow();
    }
  }

  @Test
  void aCertificateReplacedOnDiskIsServedWithoutARestart() throws Exception {
    int http = node.httpAddress().getPort();
    BigInteger next =
        PemFiles.certificates(certificates.path("node-next.pem"))[0].getSerialNumber();
    assertThat(served(http).getSerialNumber()).isNotEqualTo(next);

    certificates.replace("plain", "node-next");

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> served(http).getSerialNumber().equals(next));
    assertThat(served(node.grpcAddress().getPort()).getSerialNumber()).isEqualTo(next);
    assertThat(curl("--cacert", ca(), "https://127.0.0.1:" + http + "/v1/topics"))
        .startsWith("200");
    // the expiry metric follows the certificate served now, for every listener
    long end =
        PemFiles.certificates(certificates.path("node-next.pem"))[0]
            .getNotAfter()
            .toInstant()
            .getEpochSecond();
    assertThat(expiryMetric(http)).isEqualTo(Map.of("http", end, "grpc", end, "management", end));
  }

  @Test
  void withClientAuthNeedOnlyAClientWithACertificateFromTheClientCaGetsIn() throws Exception {
    SwitchboardNode mutual = start("mutual", "client-ca = \"" + ca() + "\"\nclient-auth = need");
    try {
      String url = "https://127.0.0.1:" + mutual.httpAddress().getPort() + "/v1/topics";
      assertThat(curl("--cacert", ca(), url)).startsWith("exit");
      assertThat(
              curl(
                  "--cacert",
                  ca(),
                  "--cert",
                  certificates.path("impostor.pem").toString(),
                  "--key",
                  certificates.path("impostor.key").toString(),
                  url))
          .startsWith("exit");
      // a certificate from the right CA that has expired: refused in the handshake
      assertThat(
              curl(
                  "--cacert",
                  ca(),
                  "--cert",
                  certificates.path("worker-expired.pem").toString(),
                  "--key",
                  certificates.path("worker-expired.key").toString(),
                  url))
          .startsWith("exit");
      assertThat(
              curl(
                  "--cacert",
                  ca(),
                  "--cert",
                  certificates.path("worker.pem").toString(),
                  "--key",
                  certificates.path("worker.key").toString(),
                  url))
          .startsWith("200");
    } finally {
      stop(mutual);
    }
  }

  @Test
  void aNodeServingAnExpiredCertificateIsRefusedByItsClientsAndKeepsServing() throws Exception {
    ch.qos.logback.classic.Logger expiryLog =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(CertificateExpiry.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    expiryLog.addAppender(logged);
    SwitchboardNode stale;
    try {
      stale = start("stale", "node-expired", "");
    } finally {
      expiryLog.detachAppender(logged);
    }
    try {
      // logged as an ERROR at start, and its past end is the metric
      X509Certificate expired = PemFiles.certificates(certificates.path("node-expired.pem"))[0];
      assertThat(logged.list)
          .filteredOn(event -> event.getLevel() == Level.ERROR)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement()
          .asString()
          .contains("stale.pem", "expired at " + expired.getNotAfter().toInstant());
      assertThat(metricsText(stale.httpAddress().getPort(), "--insecure"))
          .contains("switchboard_tls_certificate_expiry_seconds{listener=\"http\"}");
      String url = "https://127.0.0.1:" + stale.httpAddress().getPort() + "/v1/topics";
      // curl 60: the certificate cannot be verified (it has expired), though its CA is trusted
      assertThat(curl("--cacert", ca(), url)).startsWith("exit 60").contains("expired");
      assertThatThrownBy(() -> served(stale.grpcAddress().getPort()))
          .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
      assertThat(curl("--cacert", ca(), "--insecure", url))
          .as("the node still serves")
          .startsWith("200");
    } finally {
      stop(stale);
    }
  }

  @Test
  void aNodeRefusesToStartWithTlsItCannotUse() throws Exception {
    assertThatThrownBy(() -> NodeConfig.load(settings(config("no-files", "enabled = on"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switchboard.tls.certificate");
    // a certificate with another certificate's key: refused, naming the files
    Path mismatched =
        config(
            "mismatched",
            "enabled = on\n certificate = \""
                + certificates.path("node.pem")
                + "\"\n private-key = \""
                + certificates.path("worker.key")
                + "\"");
    assertThatThrownBy(() -> NodeConfig.load(settings(mismatched)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not the key of");
    Path needWithoutCa =
        config(
            "need",
            "enabled = on\n certificate = \""
                + certificates.path("node.pem")
                + "\"\n private-key = \""
                + certificates.path("node.key")
                + "\"\n client-auth = need");
    assertThatThrownBy(() -> NodeConfig.load(settings(needWithoutCa)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switchboard.tls.client-ca");
  }

  private static Path config(String name, String body) throws Exception {
    return Files.writeString(
        dir.resolve(name + ".conf"), QuickStop.CONFIG + "switchboard.tls {\n " + body + "\n}\n");
  }

  private static NodeSettings settings(Path config) {
    String name = config.getFileName().toString().replace(".conf", "");
    return new NodeSettings(
        List.of("local"),
        Optional.of(config),
        Optional.of(0),
        Optional.of(dir.resolve(name + "-data")),
        List.of(),
        Optional.empty(),
        Optional.of(0),
        Optional.of(0),
        Optional.of(0));
  }

  /**
   * Starts a node serving {@code name.pem} (a copy of node.pem) with {@code extra} in
   * switchboard.tls.
   */
  private SwitchboardNode start(String name, String extra) throws Exception {
    return start(name, "node", extra);
  }

  /**
   * Starts a node serving {@code name.pem}, a copy of {@code source.pem}, with {@code extra} in
   * switchboard.tls.
   */
  private SwitchboardNode start(String name, String source, String extra) throws Exception {
    certificates.replace(name, source);
    Path config =
        config(
            name,
            "enabled = on\n certificate = \""
                + certificates.path(name + ".pem")
                + "\"\n private-key = \""
                + certificates.path(name + ".key")
                + "\"\n "
                + extra);
    SwitchboardNode started =
        SwitchboardNode.start(NodeConfig.load(settings(config)))
            .toCompletableFuture()
            .orTimeout(90, TimeUnit.SECONDS)
            .join();
    started.ready().toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    return started;
  }

  private static void stop(SwitchboardNode node) {
    node.stop().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    node.system().getWhenTerminated().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  private String ca() {
    return certificates.path("ca.pem").toString();
  }

  /** The certificate a handshake with {@code port} gets, trusting the test CA. */
  private X509Certificate served(int port) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        null, new TrustManager[] {PemFiles.trustManager(certificates.path("ca.pem"))}, null);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /**
   * Returns {@code switchboard_tls_certificate_expiry_seconds} by listener, read from /metrics over
   * TLS.
   */
  private Map<String, Long> expiryMetric(int http) throws Exception {
    Map<String, Long> values = new java.util.TreeMap<>();
    Pattern line =
        Pattern.compile("switchboard_tls_certificate_expiry_seconds\\{listener=\"(\\w+)\"} (\\S+)");
    Matcher matcher = line.matcher(metricsText(http, "--cacert", ca()));
    while (matcher.find()) {
      values.put(matcher.group(1), (long) Double.parseDouble(matcher.group(2)));
    }
    return values;
  }

  /** The body of GET /metrics on {@code http} over TLS, curl run with {@code trust}. */
  private static String metricsText(int http, String... trust) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
    command.addAll(List.of(trust));
    command.add("https://127.0.0.1:" + http + "/metrics");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  /** Runs curl; returns the HTTP status and body, or "exit N" when curl failed. */
  private static String curl(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of("curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    process.waitFor(20, TimeUnit.SECONDS);
    return process.exitValue() == 0 ? output : "exit " + process.exitValue() + ": " + output;
  }
}
