package io.switchboard.runtime.gateway;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * One OpenAI-compatible server behind a pool.
 *
 * @param url base URL of its OpenAI API, ending before {@code /chat/completions} (e.g. {@code
 *     http://gpu1:8000/v1})
 * @param capacity declared capacity, the weight of the weighted strategy
 * @param maxConcurrency most calls in flight to it (its connector's credit)
 * @param model the model name it serves (sent to it); empty: the pool's name
 * @param continuation how a stream broken on another backend is continued here
 * @param apiKey bearer token sent to it; empty: none
 * @param connectTimeout longest wait to connect
 * @param maxGatheredEvents most events of one call read from it while the previous reply is being
 *     stored (sent as one reply once it is); at this many the connector stops reading until then
 * @param tokenBudget most estimated tokens ({@code switchboard-cost}) of the calls in flight to it
 *     from one connector; 0: none, only maxConcurrency limits it
 */
public record BackendSettings(
    URI url,
    double capacity,
    int maxConcurrency,
    String model,
    Continuation continuation,
    String apiKey,
    Duration connectTimeout,
    int maxGatheredEvents,
    long tokenBudget) {

  /** How a backend takes over a stream another backend broke off. */
  public enum Continuation {
    /**
     * Sends the text so far as an assistant prefix ({@code continue_final_message}, vLLM's
     * extension).
     */
    ASSISTANT_PREFIX,
    /** Sends the original call again and drops as many characters as the caller already has. */
    REGENERATE
  }

  public BackendSettings {
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          "backend url must be http(s)://host[:port]/path, got '" + url + "'");
    }
    if (!(capacity > 0) || Double.isInfinite(capacity)) {
      throw new IllegalArgumentException(
          "backend capacity must be a positive number, got " + capacity);
    }
    if (maxConcurrency < 1 || maxConcurrency > 100_000) {
      throw new IllegalArgumentException(
          "backend max-concurrency must be between 1 and 100000, got " + maxConcurrency);
    }
    if (maxGatheredEvents < 1 || maxGatheredEvents > 10_000) {
      throw new IllegalArgumentException(
          "backend max-gathered-events must be between 1 and 10000, got " + maxGatheredEvents);
    }
    if (tokenBudget < 0) {
      throw new IllegalArgumentException(
          "backend token-budget must be 0 (none) or more, got " + tokenBudget);
    }
  }

  /** Reads one entry of a pool's {@code backends}, its missing keys from {@code defaults}. */
  static BackendSettings fromConfig(Config entry, Config defaults, String poolModel) {
    Config c = entry.withFallback(defaults);
    String url = c.getString("url").replaceAll("/+$", "");
    String model = c.getString("model");
    return new BackendSettings(
        URI.create(url),
        c.getDouble("capacity"),
        c.getInt("max-concurrency"),
        model.isEmpty() ? poolModel : model,
        continuation(c.getString("continuation")),
        c.getString("api-key"),
        c.getDuration("connect-timeout"),
        c.getInt("max-gathered-events"),
        c.getLong("token-budget"));
  }

  private static Continuation continuation(String name) {
    try {
      return Continuation.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "backend continuation must be assistant-prefix or regenerate, got '" + name + "'");
    }
  }

  /** Returns the URI of an endpoint of this backend, e.g. {@code chat/completions}. */
  URI endpoint(String path) {
    return URI.create(url + "/" + path);
  }
}
