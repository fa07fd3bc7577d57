package io.switchboard.runtime.auth;

import io.switchboard.priority.SchedulingHeaders;
import java.util.Map;

/**
 * The tenant a message counts against. With authentication on, the node writes the caller's tenant
 * into header {@link SchedulingHeaders#TENANT} of every message it publishes or requests, over
 * whatever the client sent: fair share and rate limits per tenant must not be the client's own
 * pick. Without authentication the client's header passes unchanged.
 */
public final class TenantStamp {
  private TenantStamp() {}

  /**
   * Returns the tenant to write on what {@code principal} sends, or null when nothing is written
   * (no authentication).
   */
  public static String of(Principal principal) {
    // ANONYMOUS is the principal of every call on a node without authentication, and only then
    return principal == Principal.ANONYMOUS ? null : principal.tenant();
  }

  /**
   * Returns the tenant a call counts against: the stamp, else the client's header, else {@link
   * SchedulingHeaders#DEFAULT_TENANT}.
   */
  public static String countedAs(Principal principal, Map<String, String> clientHeaders) {
    String stamped = of(principal);
    if (stamped != null) {
      return stamped;
    }
    String named = clientHeaders.get(SchedulingHeaders.TENANT);
    return named == null || named.isBlank() ? SchedulingHeaders.DEFAULT_TENANT : named;
  }
}
