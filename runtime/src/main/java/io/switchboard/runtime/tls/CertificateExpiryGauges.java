package io.switchboard.runtime.tls;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The end of the certificate each TLS listener presents now, as gauge {@code
 * switchboard_tls_certificate_expiry_seconds{listener}} in Unix seconds (alert on it minus {@code
 * time()}); it follows a certificate reloaded from disk. Listener {@code artery} is the certificate
 * Artery presents to the other nodes.
 */
public final class CertificateExpiryGauges implements MeterBinder {
  /** The listeners that present the node's certificate. */
  static final List<String> LISTENERS = List.of("http", "grpc", "management");

  private final Optional<NodeTls> tls;
  private final Optional<ArteryCertificate> artery;

  /** Gauges for the listeners of {@code tls} and for {@code artery}, each when present. */
  public CertificateExpiryGauges(Optional<NodeTls> tls, Optional<ArteryCertificate> artery) {
    this.tls = tls;
    this.artery = artery;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    tls.ifPresent(
        listeners -> {
          for (String listener : LISTENERS) {
            register(registry, listener, listeners::certificate);
          }
        });
    artery.ifPresent(certificate -> register(registry, "artery", certificate::certificate));
  }

  private static void register(
      MeterRegistry registry, String listener, Supplier<X509Certificate> certificate) {
    Gauge.builder(
            "switchboard.tls.certificate.expiry",
            certificate,
            c -> c.get().getNotAfter().getTime() / 1000.0)
        .description("Not-after of the TLS certificate the listener presents, in Unix seconds")
        .baseUnit("seconds")
        .tag("listener", listener)
        // a gauge holds its state weakly, and the supplier is referenced nowhere else
        .strongReference(true)
        .register(registry);
  }
}
