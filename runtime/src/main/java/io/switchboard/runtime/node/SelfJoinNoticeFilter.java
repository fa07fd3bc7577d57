package io.switchboard.runtime.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Pekko's "No seed-nodes configured, manual cluster join required" line: a node without seed
 * nodes joins itself at once ({@code ClusterMembership}), so the advice is wrong there. Installed
 * by the node's {@code logback.xml}; every other line passes untouched.
 */
public final class SelfJoinNoticeFilter extends TurboFilter {
  static final String LOGGER = "org.apache.pekko.cluster.Cluster";
  static final String NOTICE = "No seed-nodes configured, manual cluster join required";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    boolean notice =
        level == Level.INFO
            && LOGGER.equals(logger.getName())
            && (mentions(format) || (params != null && params.length == 1 && mentions(params[0])));
    return notice ? FilterReply.DENY : FilterReply.NEUTRAL;
  }

  // Pekko's Slf4jLogger passes the text as the one argument of a "{}" format
  private static boolean mentions(Object text) {
    return text != null && text.toString().contains(NOTICE);
  }
}
