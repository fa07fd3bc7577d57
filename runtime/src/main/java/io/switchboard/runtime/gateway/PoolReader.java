package io.switchboard.runtime.gateway;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;

/**
 * Reads a pool's definition, from HOCON or from the JSON body of the admin API, against the
 * gateway's defaults: both are checked the same way (unknown keys and bad values refused).
 *
 * @param poolDefaults {@code switchboard.gateway.pool-defaults}
 * @param backendDefaults {@code switchboard.gateway.backend-defaults}
 * @param topicPrefix what a pool's topic starts with unless it names one
 */
public record PoolReader(Config poolDefaults, Config backendDefaults, String topicPrefix) {

  /** Reads the defaults of {@code switchboard.gateway}. */
  static PoolReader fromConfig(Config gateway) {
    return new PoolReader(
        gateway.getConfig("pool-defaults"),
        gateway.getConfig("backend-defaults"),
        gateway.getString("topic-prefix"));
  }

  /**
   * Returns the pool {@code pool} defines, or throws one line naming the pool and what is wrong.
   */
  PoolSettings read(String model, Config pool) {
    try {
      return PoolSettings.fromConfig(model, pool, poolDefaults, backendDefaults, topicPrefix);
    } catch (ConfigException e) {
      // a value of the wrong type: the message names the key
      throw new IllegalArgumentException("pool '" + model + "': " + e.getMessage(), e);
    }
  }

  /**
   * Returns the pool a JSON object defines (the keys of the HOCON form), or throws as {@link
   * #read}.
   */
  PoolSettings readJson(String model, String json) {
    Config pool;
    try {
      pool =
          ConfigFactory.parseString(
              json, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "pool '" + model + "': the body is not a JSON object: " + e.getMessage(), e);
    }
    return read(model, pool);
  }
}
