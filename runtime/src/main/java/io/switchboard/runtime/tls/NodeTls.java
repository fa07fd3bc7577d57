package io.switchboard.runtime.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.TrustManagerFactoryWrapper;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS for every listener of a node: one key manager (the node's certificate, re-read from disk
 * every {@code reload-interval} when it changed) and, with client authentication, one trust manager
 * for client certificates. Hands out the HTTP API's and management's {@link HttpsConnectionContext}
 * and gRPC's Netty {@link SslContext}. It logs when the certificate nears its end or has ended
 * ({@link CertificateExpiry}).
 */
public final class NodeTls implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeTls.class);

  private final TlsSettings settings;
  private final ReloadingKeyManager keys;
  private final X509TrustManager clients;
  private final SSLContext context;
  private final Clock clock;
  private final CertificateExpiry expiry;
  private final ScheduledExecutorService reloads;

  private NodeTls(
      TlsSettings settings,
      ReloadingKeyManager keys,
      X509TrustManager clients,
      SSLContext context,
      Clock clock) {
    this.settings = settings;
    this.keys = keys;
    this.clients = clients;
    this.context = context;
    this.clock = clock;
    this.expiry = new CertificateExpiry(settings.certificate(), settings.expiryWarning());
    this.reloads = ReloadThread.scheduler("switchboard-tls-reload");
  }

  /**
   * Returns the node's TLS when {@code settings} enable it, having logged a certificate near its
   * end or past it; throws {@link IllegalArgumentException} (one line naming the file) when its
   * files cannot be used. {@code clock} dates the certificate at start and at every reload.
   */
  public static Optional<NodeTls> start(TlsSettings settings, Clock clock) {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    NodeTls tls = open(settings, clock);
    tls.expiry.check(tls.certificate(), clock.instant());
    long interval = settings.reloadInterval().toMillis();
    if (interval > 0) {
      tls.reloads.scheduleWithFixedDelay(
          tls::reloadQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }
    return Optional.of(tls);
  }

  /**
   * Throws {@link IllegalArgumentException} (one line naming the file) when TLS is on and its files
   * cannot be used.
   */
  public static void check(TlsSettings settings) {
    if (settings.enabled()) {
      open(settings, Clock.systemUTC()).close();
    }
  }

  private static NodeTls open(TlsSettings settings, Clock clock) {
    try {
      ReloadingKeyManager keys =
          ReloadingKeyManager.load(settings.certificate(), settings.privateKey());
      X509TrustManager clients =
          settings.clientCa() == null ? null : PemFiles.trustManager(settings.clientCa());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {keys}, clients == null ? null : new TrustManager[] {clients}, null);
      return new NodeTls(settings, keys, clients, context, clock);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("switchboard.tls: " + e.getMessage(), e);
    }
  }

  /** Returns the context of the HTTP API's and the management port's listeners. */
  public HttpsConnectionContext https() {
    return ConnectionContext.httpsServer(this::engine);
  }

  /** Returns the context of the gRPC listener (HTTP/2 negotiated by ALPN). */
  public SslContext grpc() {
    try {
      SslContextBuilder builder =
          GrpcSslContexts.configure(
                  SslContextBuilder.forServer(new KeyManagerFactoryWrapper(keys)), SslProvider.JDK)
              .protocols(settings.protocols())
              .clientAuth(
                  switch (settings.clientAuth()) {
                    case NONE -> ClientAuth.NONE;
                    case WANT -> ClientAuth.OPTIONAL;
                    case NEED -> ClientAuth.REQUIRE;
                  });
      if (clients != null) {
        builder.trustManager(new TrustManagerFactoryWrapper(clients));
      }
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException(
          "switchboard.tls: the gRPC listener's TLS: " + e.getMessage(), e);
    }
  }

  /** Returns the certificate the node presents now. */
  public X509Certificate certificate() {
    return keys.certificate();
  }

  /**
   * Reads the certificate and key again; true when they changed and are in use now. Either way it
   * then dates the certificate in use, logging when it came near its end or passed it.
   */
  public boolean reload() throws IOException, GeneralSecurityException {
    boolean changed = keys.reload();
    if (changed) {
      log.info(
          "TLS certificate reloaded from {}: subject {}, serial {}, valid until {}",
          settings.certificate(),
          certificate().getSubjectX500Principal(),
          certificate().getSerialNumber().toString(16),
          certificate().getNotAfter().toInstant());
    }
    expiry.check(certificate(), clock.instant());
    return changed;
  }

  @Override
  public void close() {
    reloads.shutdownNow();
  }

  private void reloadQuietly() {
    try {
      reload();
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      log.warn("TLS certificate not reloaded, the previous one stays in use: {}", e.getMessage());
    }
  }

  private SSLEngine engine() {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setProtocols(settings.protocols().toArray(String[]::new));
    parameters.setNeedClientAuth(settings.clientAuth() == TlsSettings.ClientAuth.NEED);
    if (settings.clientAuth() == TlsSettings.ClientAuth.WANT) {
      parameters.setWantClientAuth(true);
    }
    engine.setSSLParameters(parameters);
    return engine;
  }
}
