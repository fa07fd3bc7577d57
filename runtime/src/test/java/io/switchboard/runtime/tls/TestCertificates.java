package io.switchboard.runtime.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made by the real {@code openssl} for the tests, in a directory: a CA, node
 * certificates it signs for 127.0.0.1 and localhost (EC P-256 keys in PKCS#8 PEM), client
 * certificates, and a second CA nobody trusts.
 */
final class TestCertificates {
  private final Path dir;

  TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** Makes the certificate authority {@code name}: {@code name.pem}, {@code name.key}. */
  TestCertificates authority(String name) throws Exception {
    key(name);
    openssl(
        "req",
        "-x509",
        "-new",
        "-key",
        file(name + ".key"),
        "-days",
        "2",
        "-subj",
        "/CN=" + name,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-out",
        file(name + ".pem"));
    return this;
  }

  /**
   * Makes {@code name.pem}/{@code name.key}: a server certificate for 127.0.0.1 and localhost
   * signed by {@code ca}.
   */
  TestCertificates server(String name, String ca) throws Exception {
    return signed(
        name, ca, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  }

  /** Makes {@code name.pem}/{@code name.key}: a client certificate signed by {@code ca}. */
  TestCertificates client(String name, String ca) throws Exception {
    return signed(name, ca, "extendedKeyUsage=clientAuth\n");
  }

  /** Makes a server certificate like {@link #server} that expired a day ago. */
  TestCertificates expiredServer(String name, String ca) throws Exception {
    return signed(
        name, ca, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n", "-1");
  }

  /** Makes a client certificate like {@link #client} that expired a day ago. */
  TestCertificates expiredClient(String name, String ca) throws Exception {
    return signed(name, ca, "extendedKeyUsage=clientAuth\n", "-1");
  }

  /**
   * Writes {@code name.p12}: {@code name}'s certificate and key in a PKCS#12 key store under {@code
   * password}.
   */
  TestCertificates pkcs12(String name, String password) throws Exception {
    openssl(
        "pkcs12",
        "-export",
        "-in",
        file(name + ".pem"),
        "-inkey",
        file(name + ".key"),
        "-passout",
        "pass:" + password,
        "-out",
        file(name + ".p12"));
    return this;
  }

  /** Returns the path of {@code name} in the directory. */
  Path path(String name) {
    return dir.resolve(name);
  }

  /**
   * Replaces {@code target.pem}/{@code target.key} with {@code source}'s, each file in one atomic
   * move.
   */
  void replace(String target, String source) throws IOException {
    for (String suffix : List.of(".key", ".pem")) {
      Path staged = dir.resolve(source + suffix + ".staged");
      Files.copy(dir.resolve(source + suffix), staged, StandardCopyOption.REPLACE_EXISTING);
      Files.move(
          staged,
          dir.resolve(target + suffix),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private TestCertificates signed(String name, String ca, String extensions) throws Exception {
    return signed(name, ca, extensions, "2");
  }

  /** {@code days} -1 gives a certificate whose end lies a day before its start: expired now. */
  private TestCertificates signed(String name, String ca, String extensions, String days)
      throws Exception {
    key(name);
    Files.writeString(dir.resolve(name + ".ext"), extensions);
    openssl(
        "req",
        "-new",
        "-key",
        file(name + ".key"),
        "-subj",
        "/CN=" + name,
        "-out",
        file(name + ".csr"));
    openssl(
        "x509",
        "-req",
        "-in",
        file(name + ".csr"),
        "-CA",
        file(ca + ".pem"),
        "-CAkey",
        file(ca + ".key"),
        "-CAcreateserial",
        "-days",
        days,
        "-extfile",
        file(name + ".ext"),
        "-out",
        file(name + ".pem"));
    return this;
  }

  private void key(String name) throws Exception {
    openssl(
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        file(name + ".key"));
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  private void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
