package io.switchboard.request;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.message.Message;
import io.switchboard.priority.SchedulingHeaders;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a request is sent. {@code timeout} sets its deadline ({@code now + timeout}); null takes
 * {@code switchboard.requests.default-timeout}. The others are null when not set; when set they are
 * written into the request message as it is sent ({@link #applyTo}):
 *
 * @param timeout how long the request may take, from when it is sent
 * @param priority the priority band ({@code switchboard-priority}); a name of {@code
 *     switchboard.priority.bands}, checked when the request is sent (INVALID_ARGUMENT)
 * @param tenant whose fair share the request counts against ({@code switchboard-tenant}); a node
 *     that authenticates its callers may overwrite it with the caller's
 * @param cost estimated cost in tokens, e.g. prompt tokens plus max new tokens ({@code
 *     switchboard-cost}); what a worker's token budget is counted in
 * @param affinityKey the message key: requests with the same key (a conversation) go to the same
 *     partition and, with the {@code consistent-hash} strategy, to the same worker while it has
 *     room (its KV cache), else to the next one
 * @param window most reply chunks stored ahead of the caller's reading before the worker is held
 *     back; null takes {@code switchboard.requests.window}; at most {@code
 *     switchboard.requests.max-window}, checked when the request is sent (INVALID_ARGUMENT)
 */
public record RequestOptions(
    Duration timeout,
    String priority,
    String tenant,
    Long cost,
    String affinityKey,
    Integer window) {

  /** Options with the configured default timeout. */
  public static final RequestOptions DEFAULT = new RequestOptions(null);

  public RequestOptions {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT, "timeout must be above 0, got " + timeout);
    }
    if (cost != null && cost < 0) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT, "cost must be 0 or more tokens, got " + cost);
    }
    if (window != null && window < 1) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT, "window must be 1 or more chunks, got " + window);
    }
    requireNotEmpty("priority", priority);
    requireNotEmpty("tenant", tenant);
    requireNotEmpty("affinityKey", affinityKey);
  }

  /** Options with only a timeout (null: the default). */
  public RequestOptions(Duration timeout) {
    this(timeout, null, null, null, null, null);
  }

  /** Returns options whose deadline is {@code timeout} from when the request is sent. */
  public static RequestOptions timeout(Duration timeout) {
    return new RequestOptions(timeout);
  }

  /** Returns these options with another timeout (null: the default). */
  public RequestOptions withTimeout(Duration value) {
    return new RequestOptions(value, priority, tenant, cost, affinityKey, window);
  }

  /** Returns these options with a priority band, e.g. {@code interactive} or {@code batch}. */
  public RequestOptions withPriority(String value) {
    return new RequestOptions(timeout, value, tenant, cost, affinityKey, window);
  }

  /** Returns these options with the tenant whose fair share the request counts against. */
  public RequestOptions withTenant(String value) {
    return new RequestOptions(timeout, priority, value, cost, affinityKey, window);
  }

  /** Returns these options with an estimated cost in tokens. */
  public RequestOptions withCost(long tokens) {
    return new RequestOptions(timeout, priority, tenant, tokens, affinityKey, window);
  }

  /**
   * Returns these options with a conversation's key, for affinity to the worker holding its cache.
   */
  public RequestOptions withAffinityKey(String value) {
    return new RequestOptions(timeout, priority, tenant, cost, value, window);
  }

  /**
   * Returns these options with a reply window: at most {@code chunks} replies stored ahead of the
   * caller's reading; a worker's next reply waits until the caller reads.
   */
  public RequestOptions withWindow(int chunks) {
    return new RequestOptions(timeout, priority, tenant, cost, affinityKey, chunks);
  }

  /**
   * Returns {@code message} with the options that are set written into it: priority, tenant and
   * cost as headers, the affinity key as its key. Unchanged when none is set.
   */
  public Message applyTo(Message message) {
    if (priority == null && tenant == null && cost == null && affinityKey == null) {
      return message;
    }
    Map<String, String> headers = new LinkedHashMap<>(message.headers());
    put(headers, SchedulingHeaders.PRIORITY, priority);
    put(headers, SchedulingHeaders.TENANT, tenant);
    put(headers, SchedulingHeaders.COST, cost == null ? null : cost.toString());
    String key = affinityKey != null ? affinityKey : message.key();
    return new Message(
        message.id(),
        message.topic(),
        key,
        message.type(),
        message.source(),
        message.target(),
        headers,
        message.payload(),
        message.contentType(),
        message.createdAt(),
        message.idempotencyKey());
  }

  private static void put(Map<String, String> headers, String name, String value) {
    if (value != null) {
      headers.put(name, value);
    }
  }

  private static void requireNotEmpty(String name, String value) {
    if (value != null && value.isEmpty()) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT, name + " must not be empty (null: not set)");
    }
  }
}
