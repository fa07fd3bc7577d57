package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Artery over mutual TLS (the tls profile) with docs/operations.md's certificate recipe run as
 * written: two node processes with the cluster's certificate form a cluster; a third process with
 * the same seeds and a certificate of another CA (the recipe run again elsewhere) never becomes a
 * member of it; each node shows the end of the certificate it presents to its peers as {@code
 * switchboard_tls_certificate_expiry_seconds{listener="artery"}}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArteryTlsIT {
  private static final Pattern BASH = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL);

  private NodeCluster cluster;
  private Map<String, String> clusterFiles;
  private Map<String, String> foreign;

  @BeforeAll
  void startCluster() throws Exception {
    String recipe =
        bashBlocks(Files.readString(Path.of("../docs/operations.md"))).stream()
            .filter(block -> block.startsWith("# cluster certificates"))
            .findFirst()
            .orElseThrow();
    Path certificates =
        Files.createDirectories(Path.of("target", "artery-tls-it").toAbsolutePath());
    this.clusterFiles = certificates(certificates.resolve("cluster"), recipe);
    this.foreign = certificates(certificates.resolve("foreign"), recipe);
    this.cluster = NodeCluster.start("artery-tls-it", 2, "", "cluster,postgres,tls", clusterFiles);
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aProcessWithAnotherCasCertificateNeverJoins() throws Exception {
    Set<String> members =
        cluster.nodes.stream()
            .map(node -> "pekko://switchboard@" + node.address())
            .collect(Collectors.toSet());
    assertThat(cluster.upMembers(cluster.nodes.get(0))).isEqualTo(members);

    NodeProcess outsider = cluster.startOutsider("outsider", foreign);
    // it reached the seeds and was turned away at the handshake, not merely slow to start
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .alias("the outsider's log shows a refused TLS handshake (" + outsider.log() + ")")
        .until(() -> refusedHandshake(Files.readString(outsider.log())));
    await()
        .during(Duration.ofSeconds(20))
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(500))
        .alias("both nodes see exactly each other, never the outsider")
        .until(
            () -> cluster.nodes.stream().allMatch(node -> members.equals(cluster.upMembers(node))));
    String seen =
        Files.readString(cluster.nodes.get(0).log()) + Files.readString(cluster.nodes.get(1).log());
    assertThat(seen).doesNotContain("127.0.0.1:" + outsider.arteryPort + " is JOINING");
  }

  @Test
  void eachNodeShowsTheEndOfItsArteryCertificate() throws Exception {
    X509Certificate presented;
    try (var in =
        Files.newInputStream(Path.of(clusterFiles.get("SWITCHBOARD_ARTERY_CERTIFICATE")))) {
      presented = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    double end = presented.getNotAfter().toInstant().getEpochSecond();
    HttpClient http = HttpClient.newHttpClient();
    for (NodeProcess node : cluster.nodes) {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create(node.url() + "/metrics"))
                      .timeout(Duration.ofSeconds(15))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(arteryExpiry(metrics)).as(node.url() + "/metrics").isEqualTo(end);
      // no other listener has TLS in this profile: the artery certificate is the only one dated
      assertThat(metrics).doesNotContain("listener=\"http\"");
    }
  }

  private static double arteryExpiry(String metrics) {
    String prefix = "switchboard_tls_certificate_expiry_seconds{listener=\"artery\"} ";
    return metrics
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + "in " + metrics));
  }

  private static boolean refusedHandshake(String log) {
    // seen: "SSLHandshakeException: PKIX path validation failed ... does not chain with any of the
    // trust anchors"
    return log.contains("SSLHandshakeException");
  }

  /** Runs the recipe in {@code dir}; returns the environment that points a node at its files. */
  private static Map<String, String> certificates(Path dir, String recipe) throws Exception {
    Files.createDirectories(dir);
    Process process =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", recipe)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return Map.of(
        "SWITCHBOARD_ARTERY_CERTIFICATE",
        dir.resolve("artery.pem").toString(),
        "SWITCHBOARD_ARTERY_PRIVATE_KEY",
        dir.resolve("artery.key").toString(),
        "SWITCHBOARD_ARTERY_CA",
        dir.resolve("cluster-ca.pem").toString());
  }

  private static List<String> bashBlocks(String doc) {
    Matcher block = BASH.matcher(doc);
    List<String> blocks = new java.util.ArrayList<>();
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }
}
