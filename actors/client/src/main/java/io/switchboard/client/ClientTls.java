package io.switchboard.client;

import com.typesafe.config.Config;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS from a client to its node ({@code switchboard.client.tls}).
 *
 * @param enabled connect over TLS, checking the node's certificate
 * @param trustCertificates PEM file of the CAs trusted for the node's certificate; empty: the JVM's
 *     default trust store
 * @param certificate PEM file of this client's certificate chain, for nodes that ask for one
 *     (mutual TLS); empty: none
 * @param privateKey PEM file of that certificate's key (unencrypted PKCS#8)
 */
public record ClientTls(
    boolean enabled,
    Optional<Path> trustCertificates,
    Optional<Path> certificate,
    Optional<Path> privateKey) {

  /** No TLS. */
  public static final ClientTls OFF =
      new ClientTls(false, Optional.empty(), Optional.empty(), Optional.empty());

  /** Checks that a certificate comes with its key and that every file named exists. */
  public ClientTls {
    if (certificate.isPresent() != privateKey.isPresent()) {
      throw invalid("tls.certificate and tls.private-key go together: set both or neither");
    }
    for (Optional<Path> file : java.util.List.of(trustCertificates, certificate, privateKey)) {
      if (file.isPresent() && !Files.isReadable(file.get())) {
        throw invalid("tls: cannot read " + file.get());
      }
    }
  }

  /** TLS trusting the CAs of {@code trustCertificates}, without a client certificate. */
  public static ClientTls trusting(Path trustCertificates) {
    return new ClientTls(true, Optional.of(trustCertificates), Optional.empty(), Optional.empty());
  }

  /** Returns these settings presenting {@code certificate} and {@code privateKey} (mutual TLS). */
  public ClientTls withCertificate(Path certificate, Path privateKey) {
    return new ClientTls(
        enabled, trustCertificates, Optional.of(certificate), Optional.of(privateKey));
  }

  /** Reads a {@code tls} block. */
  static ClientTls fromConfig(Config tls) {
    return new ClientTls(
        tls.getBoolean("enabled"),
        path(tls, "trust-certificates"),
        path(tls, "certificate"),
        path(tls, "private-key"));
  }

  /** Returns the channel credentials these settings make. */
  ChannelCredentials credentials() {
    if (!enabled) {
      return InsecureChannelCredentials.create();
    }
    try {
      TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
      if (trustCertificates.isPresent()) {
        builder.trustManager(trustCertificates.get().toFile());
      }
      if (certificate.isPresent()) {
        builder.keyManager(certificate.get().toFile(), privateKey.orElseThrow().toFile());
      }
      return builder.build();
    } catch (IOException | IllegalArgumentException e) {
      throw invalid("tls: " + e.getMessage());
    }
  }

  private static Optional<Path> path(Config tls, String key) {
    String value = tls.getString(key);
    return value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }

  private static SwitchboardException invalid(String message) {
    return new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "switchboard.client: " + message);
  }
}
