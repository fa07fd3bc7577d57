package io.switchboard.internal.partition;

import io.switchboard.message.Message;
import io.switchboard.priority.SchedulingHeaders;
import java.util.Map;

/**
 * How a partition schedules one message, read from its {@link SchedulingHeaders}: its band (null:
 * it named none), its tenant and its cost in tokens. Kept per stored offset without the body, so a
 * paged-out or recovered message is scheduled like one in memory.
 */
record MessageClass(String band, String tenant, long cost) {

  /**
   * Returns the class of a message, or null when it carries no scheduling header (the default
   * class).
   */
  static MessageClass of(Message message) {
    Map<String, String> headers = message.headers();
    if (!SchedulingHeaders.present(headers)) {
      return null;
    }
    String band = headers.get(SchedulingHeaders.PRIORITY);
    String tenant =
        headers.getOrDefault(SchedulingHeaders.TENANT, SchedulingHeaders.DEFAULT_TENANT);
    // Interned: a backlog of a million messages of a few tenants holds a few strings, not a
    // million.
    return new MessageClass(
        band == null ? null : band.intern(), tenant.intern(), SchedulingHeaders.cost(headers));
  }

  /** Returns the cost of a message of this class ({@code null}: the default class). */
  static long costOf(MessageClass messageClass) {
    return messageClass == null ? SchedulingHeaders.DEFAULT_COST : messageClass.cost;
  }

  /** Returns the tenant of a message of this class ({@code null}: the default class). */
  static String tenantOf(MessageClass messageClass) {
    return messageClass == null ? SchedulingHeaders.DEFAULT_TENANT : messageClass.tenant;
  }
}
