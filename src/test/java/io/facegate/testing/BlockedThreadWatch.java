package io.facegate.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Collects Vert.x blocked-thread warnings: any during a test run means an event loop was blocked.
 */
public final class BlockedThreadWatch implements AutoCloseable {
  private static final String CHECKER = "io.vertx.core.impl.BlockedThreadChecker";
  private final Logger logger = (Logger) LoggerFactory.getLogger(CHECKER);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public BlockedThreadWatch() {
    appender.start();
    logger.addAppender(appender);
  }

  public void assertNoBlockedEventLoop() {
    List<String> eventLoopWarnings =
        appender.list.stream()
            .map(ILoggingEvent::getFormattedMessage)
            .filter(m -> m.contains("eventloop"))
            .collect(Collectors.toList());
    assertTrue(eventLoopWarnings.isEmpty(), "event loop blocked: " + eventLoopWarnings);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
