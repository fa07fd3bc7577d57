package io.switchboard.runtime.tls;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;

/**
 * The end of the certificate each TLS listener presents now, as gauge {@code
 * switchboard_tls_certificate_expiry_seconds{listener}} in Unix seconds (alert on it minus {@code
 * time()}); it follows a certificate reloaded from disk.
 */
public final class CertificateExpiryGauges implements MeterBinder {
  /** The listeners that present the node's certificate. */
  static final List<String> LISTENERS = List.of("http", "grpc", "management");

  private final NodeTls tls;

  public CertificateExpiryGauges(NodeTls tls) {
    this.tls = tls;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String listener : LISTENERS) {
      Gauge.builder(
              "switchboard.tls.certificate.expiry",
              tls,
              t -> t.certificate().getNotAfter().getTime() / 1000.0)
          .description("Not-after of the TLS certificate the listener presents, in Unix seconds")
          .baseUnit("seconds")
          .tag("listener", listener)
          .register(registry);
    }
  }
}
