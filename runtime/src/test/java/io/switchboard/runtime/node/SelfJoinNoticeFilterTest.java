package io.switchboard.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

class SelfJoinNoticeFilterTest {

  @Test
  void theNodesLogbackDropsOnlyTheManualJoinNotice() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getClassLoader().getResource("logback.xml"));
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.setContext(context);
    seen.start();
    Logger cluster = context.getLogger(SelfJoinNoticeFilter.LOGGER);
    cluster.addAppender(seen);

    // the way Pekko's Slf4jLogger logs: the text as the argument of "{}"
    cluster.info(
        "{}",
        "Cluster Node [pekko://switchboard@127.0.0.1:25520] - "
            + SelfJoinNoticeFilter.NOTICE
            + ", see https://pekko.apache.org/docs/pekko/current/typed/cluster.html#joining");
    cluster.info(
        "{}", "Cluster Node [pekko://switchboard@127.0.0.1:25520] - Node is JOINING itself");
    cluster.warn("{}", "Cluster Node [pekko://switchboard@127.0.0.1:25520] - unreachable");

    assertThat(seen.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .hasSize(2)
        .noneMatch(line -> line.contains("No seed-nodes"));
    context.stop();
  }
}
