package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {

  private static NodeSettings settings(
      List<String> profiles, Optional<Path> file, List<String> seeds) {
    return new NodeSettings(
        profiles,
        file,
        Optional.empty(),
        Optional.empty(),
        seeds,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void defaultsToASingleLocalNodeOnTheEmbeddedJournal() {
    Config config = NodeConfig.load(NodeSettings.defaults());
    assertThat(config.getString("pekko.actor.provider")).isEqualTo("cluster");
    assertThat(config.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("127.0.0.1");
    assertThat(config.getStringList("pekko.cluster.seed-nodes")).isEmpty();
    assertThat(config.getInt("switchboard.http.port")).isEqualTo(8080);
    assertThat(config.getString("pekko.persistence.journal.plugin"))
        .isEqualTo("switchboard-rocksdb-journal");
    assertThat(config.getString("pekko.persistence.snapshot-store.plugin"))
        .isEqualTo("switchboard-rocksdb-snapshot-store");
    assertThat(config.getString("switchboard.journal.durability")).isEqualTo("fsync");
  }

  @Test
  void theLibrarysPekkoSettingsBeatPekkosOwnDefaults() {
    // In the fat jar every reference.conf is one file where Pekko's defaults come last.
    Config config = NodeConfig.load(NodeSettings.defaults());
    assertThat(config.getString("pekko.cluster.sharding.passivation.strategy")).isEqualTo("none");
    assertThat(config.getBytes("pekko.remote.artery.advanced.maximum-frame-size"))
        .isEqualTo(4L << 20);
    assertThat(config.getInt("pekko.persistence.typed.stash-capacity")).isEqualTo(100_000);
  }

  @Test
  void dataDirReachesTheJournal(@TempDir Path dir) {
    Config config = NodeConfig.load(NodeSettings.defaults().withDataDir(dir));
    assertThat(config.getString("switchboard.journal.rocksdb.dir"))
        .isEqualTo(dir.toAbsolutePath() + "/journal-rocksdb");
    assertThat(config.getString("pekko-persistence-jdbc.shared-databases.slick.db.url"))
        .startsWith("jdbc:h2:file:" + dir.toAbsolutePath() + "/journal;");
  }

  @Test
  void clusterAndPostgresProfilesCombine() {
    Config config =
        NodeConfig.load(
            settings(
                List.of("cluster", "postgres"),
                Optional.empty(),
                List.of("127.0.0.1:25520", "10.0.0.2:25520")));
    assertThat(config.getInt("pekko.remote.artery.canonical.port")).isEqualTo(25520);
    assertThat(config.getString("pekko.cluster.split-brain-resolver.active-strategy"))
        .isEqualTo("lease-majority");
    assertThat(
            config.getString(
                "pekko.cluster.split-brain-resolver.lease-majority.lease-implementation"))
        .isEqualTo("switchboard.lease");
    assertThat(config.getString("pekko.cluster.sharding.use-lease")).isEqualTo("switchboard.lease");
    assertThat(config.getString("pekko.cluster.singleton.use-lease"))
        .isEqualTo("switchboard.lease");
    assertThat(config.getString("pekko.cluster.sharding.coordinator-singleton.use-lease"))
        .isEmpty();
    assertThat(config.getString("switchboard.lease.lease-class"))
        .isEqualTo("io.switchboard.runtime.lease.PostgresLease");
    assertThat(config.getString("switchboard.lease.url"))
        .isEqualTo(config.getString("pekko-persistence-jdbc.shared-databases.slick.db.url"));
    assertThat(config.getString("pekko-persistence-jdbc.shared-databases.slick.profile"))
        .isEqualTo("slick.jdbc.PostgresProfile$");
    assertThat(config.getString("pekko-persistence-jdbc.shared-databases.slick.db.url"))
        .startsWith("jdbc:postgresql:");
    assertThat(config.getString("pekko.persistence.journal.plugin")).isEqualTo("jdbc-journal");
    assertThat(config.getStringList("pekko.cluster.seed-nodes"))
        .containsExactly(
            "pekko://switchboard@127.0.0.1:25520", "pekko://switchboard@10.0.0.2:25520");
  }

  @Test
  void h2ProfileKeepsA01DataDirectoryOnItsH2File(@TempDir Path dir) {
    Config config =
        NodeConfig.load(settings(List.of("h2"), Optional.empty(), List.of()).withDataDir(dir));
    assertThat(config.getString("pekko.persistence.journal.plugin")).isEqualTo("jdbc-journal");
    assertThat(config.getString("pekko.persistence.snapshot-store.plugin"))
        .isEqualTo("jdbc-snapshot-store");
    assertThat(config.getString("pekko-persistence-jdbc.shared-databases.slick.db.url"))
        .startsWith("jdbc:h2:file:" + dir + "/journal;")
        .contains("WRITE_DELAY=0");
  }

  @Test
  void configFileOverridesProfilesAndOptionsOverrideTheFile(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("my.conf"),
            "switchboard.http.port = 9000\npekko.cluster.split-brain-resolver.stable-after = 3s\n");
    NodeSettings fromFile =
        settings(List.of("cluster", "postgres"), Optional.of(file), List.of("127.0.0.1:25520"));
    assertThat(NodeConfig.load(fromFile).getInt("switchboard.http.port")).isEqualTo(9000);
    assertThat(
            NodeConfig.load(fromFile)
                .getDuration("pekko.cluster.split-brain-resolver.stable-after"))
        .hasSeconds(3);
    assertThat(NodeConfig.load(fromFile.withHttpPort(9100)).getInt("switchboard.http.port"))
        .isEqualTo(9100);
    assertThat(NodeConfig.load(fromFile).getInt("switchboard.grpc.port")).isEqualTo(7070);
    assertThat(NodeConfig.load(fromFile.withGrpcPort(9200)).getInt("switchboard.grpc.port"))
        .isEqualTo(9200);
  }

  @Test
  void refusesANodeSettingOutOfRangeNamingItsKeyAndFile(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bad.conf"), "switchboard.node.gone-process-downing.refusals = 0\n");

    assertThatThrownBy(
            () -> NodeConfig.load(settings(List.of("local"), Optional.of(file), List.of())))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("bad.conf: 1")
        .hasMessageContaining("switchboard.node.gone-process-downing.refusals")
        .hasMessageContaining("must be 1 to 2147483647, got 0");
  }

  @Test
  void refusesRegistryProbeTimeoutsLongerThanTheInterval(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("slow.conf"),
            "switchboard.node { registry-probe-interval = 1s, registry-probe-timeout = 2s }\n");

    assertThatThrownBy(
            () -> NodeConfig.load(settings(List.of("local"), Optional.of(file), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("switchboard.node.registry-probe-timeout must be > 0 and at most");
  }

  @Test
  void refusesUnknownProfilesAndMalformedSeeds() {
    assertThatThrownBy(() -> settings(List.of("cloud"), Optional.empty(), List.of()))
        .hasMessageContaining("unknown profile 'cloud'");
    assertThatThrownBy(() -> settings(List.of("cluster"), Optional.empty(), List.of("no-port")))
        .hasMessageContaining("host:port");
  }

  @Test
  void clusterProfileRefusesToStartWithoutSeedNodes() {
    // without seeds the node would form a second cluster beside the running one, on the same
    // journal
    assertThatThrownBy(
            () ->
                NodeConfig.load(
                    settings(List.of("cluster", "postgres"), Optional.empty(), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("profile 'cluster' needs --seed-nodes")
        .hasMessageNotContaining("\n");
  }

  @Test
  void theSchemaCommandNeedsNoSeedNodes() {
    Config config =
        NodeConfig.loadJournal(
            settings(List.of("cluster", "postgres"), Optional.empty(), List.of()));
    assertThat(config.getString("pekko.persistence.journal.plugin")).isEqualTo("jdbc-journal");
  }

  @Test
  void clusterProfileRefusesToStartWithoutTheLeaseDatabase() {
    assertThatThrownBy(
            () ->
                NodeConfig.load(
                    settings(List.of("cluster"), Optional.empty(), List.of("127.0.0.1:25520"))))
        .hasMessageContaining("needs the postgres profile");
  }

  @Test
  void refusesLeaseSettingsThatCannotWork(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("lease.conf"), "switchboard.lease.heartbeat-timeout = 1500ms\n");
    assertThatThrownBy(
            () ->
                NodeConfig.load(
                    settings(
                        List.of("cluster", "postgres"),
                        Optional.of(file),
                        List.of("127.0.0.1:25520"))))
        .hasMessageContaining(
            "switchboard.lease.heartbeat-timeout must be at least twice heartbeat-interval")
        .hasMessageContaining("PT1.5S");
  }

  @Test
  void tlsProfileRefusesToStartWithoutItsPemFiles() {
    // without them Pekko would look in its own default mount point
    assertThatThrownBy(() -> NodeConfig.load(settings(List.of("tls"), Optional.empty(), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("profile 'tls'")
        .hasMessageContaining("SWITCHBOARD_ARTERY_PRIVATE_KEY")
        .hasMessageContaining("SWITCHBOARD_ARTERY_CERTIFICATE")
        .hasMessageContaining("SWITCHBOARD_ARTERY_CA")
        .hasMessageNotContaining("\n");
  }

  @Test
  void tlsProfileStartsWithItsPemFilesOverRotatingKeys(@TempDir Path dir) throws Exception {
    String prefix = "pekko.remote.artery.ssl.rotating-keys-engine.";
    Path key = Files.writeString(dir.resolve("artery.key"), "key");
    Path cert = Files.writeString(dir.resolve("artery.pem"), "cert");
    Path file =
        Files.writeString(
            dir.resolve("tls.conf"),
            String.join(
                "\n",
                prefix + "key-file = \"" + key + "\"",
                prefix + "cert-file = \"" + cert + "\"",
                prefix + "ca-cert-file = \"" + dir.resolve("missing-ca.pem") + "\"",
                ""));
    assertThatThrownBy(
            () -> NodeConfig.load(settings(List.of("tls"), Optional.of(file), List.of())))
        .hasMessageContaining("SWITCHBOARD_ARTERY_CA")
        .hasMessageContaining("missing-ca.pem")
        .hasMessageNotContaining("SWITCHBOARD_ARTERY_CERTIFICATE");
    Files.writeString(dir.resolve("missing-ca.pem"), "ca");
    Config config = NodeConfig.load(settings(List.of("tls"), Optional.of(file), List.of()));
    assertThat(config.getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
    assertThat(config.getString("pekko.remote.artery.ssl.ssl-engine-provider"))
        .endsWith("RotatingKeysSSLEngineProvider");
    assertThat(config.getString(prefix + "key-file")).isEqualTo(key.toString());
  }

  @Test
  void keyStoresStillNeedAllFiveWhenChosenInsteadOfPemFiles(@TempDir Path dir) throws Exception {
    String prefix = "pekko.remote.artery.ssl.config-ssl-engine.";
    Path file =
        Files.writeString(
            dir.resolve("tls.conf"),
            String.join(
                "\n",
                "pekko.remote.artery.ssl.ssl-engine-provider = org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider",
                prefix + "key-store = /etc/switchboard/node.p12",
                prefix + "key-store-password = s3cret",
                prefix + "key-password = s3cret",
                ""));
    assertThatThrownBy(
            () -> NodeConfig.load(settings(List.of("tls"), Optional.of(file), List.of())))
        .hasMessageContaining("SWITCHBOARD_TLS_TRUST_STORE")
        .hasMessageNotContaining("SWITCHBOARD_TLS_KEY_STORE ");
    Files.writeString(
        file,
        String.join(
            "\n",
            prefix + "trust-store = /etc/switchboard/ca.p12",
            prefix + "trust-store-password = s3cret",
            ""),
        StandardOpenOption.APPEND);
    Config config = NodeConfig.load(settings(List.of("tls"), Optional.of(file), List.of()));
    assertThat(config.getString(prefix + "key-store")).isEqualTo("/etc/switchboard/node.p12");
  }

  @Test
  void refusesAtRestEncryptionWhoseKeyFileCannotBeUsed(@TempDir Path dir) throws Exception {
    Path keys = Files.writeString(dir.resolve("at-rest.keys"), "k1 not-base64!\n");
    Path file =
        Files.writeString(
            dir.resolve("at-rest.conf"),
            "switchboard.at-rest { encryption = on, key-file = \"" + keys + "\" }\n");
    assertThatThrownBy(
            () -> NodeConfig.load(settings(List.of("local"), Optional.of(file), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at-rest.keys line 1: the key is not base64")
        .hasMessageNotContaining("\n");
  }
}
