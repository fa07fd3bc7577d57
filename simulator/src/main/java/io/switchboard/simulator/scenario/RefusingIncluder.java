package io.switchboard.simulator.scenario;

import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import java.io.File;
import java.net.URL;

/**
 * Refuses every {@code include} of a scenario sent to a server: a file, URL or class-path resource
 * would let a client read what the server holds. Implements each kind of include, as the parser
 * uses its own includer for any kind this one does not.
 */
final class RefusingIncluder
    implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {

  @Override
  public ConfigIncluder withFallback(ConfigIncluder fallback) {
    return this;
  }

  @Override
  public ConfigObject include(ConfigIncludeContext context, String what) {
    throw refused("include \"" + what + "\"");
  }

  @Override
  public ConfigObject includeFile(ConfigIncludeContext context, File what) {
    throw refused("include file(\"" + what + "\")");
  }

  @Override
  public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
    throw refused("include url(\"" + what + "\")");
  }

  @Override
  public ConfigObject includeResources(ConfigIncludeContext context, String what) {
    throw refused("include classpath(\"" + what + "\")");
  }

  private static ScenarioException refused(String include) {
    return new ScenarioException(
        "refused "
            + include
            + ": a scenario sent to the node cannot"
            + " include other files; paste their keys into the scenario instead");
  }
}
