package io.switchboard.runtime.tls;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Holds what one class's logger logs during each test ({@code @RegisterExtension}), so a test can
 * assert on the lines an operator would read.
 */
final class LogCapture implements BeforeEachCallback, AfterEachCallback {
  private final Class<?> source;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Logger logger;

  LogCapture(Class<?> source) {
    this.source = source;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    logger = (Logger) LoggerFactory.getLogger(source);
    logged.list.clear();
    logged.start();
    logger.addAppender(logged);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger.detachAppender(logged);
  }

  /** Returns the events logged so far in this test, oldest first. */
  List<ILoggingEvent> events() {
    return logged.list;
  }
}
