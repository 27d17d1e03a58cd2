package io.facegate.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The {@code log_format} setting: {@code text} (one readable line per event) or {@code json} (one
 * JSON object per line, from logback's JsonEncoder, with the MDC and so the request id). logback
 * configures itself before the config file is read, so the server reloads the bundled logback.xml
 * with the chosen format once the config is known.
 */
public final class LogFormat {
  public static final String PROPERTY = "facegate.log_format";
  private static final Set<String> FORMATS = Set.of("text", "json");

  private LogFormat() {}

  /** Reconfigures the process's logging; a format other than text or json is refused. */
  public static void apply(String format) {
    require(format);
    if (System.getProperty("logback.configurationFile") != null) {
      return; // an operator's own logback configuration wins over log_format
    }
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      configure(context, format);
    }
  }

  /** Loads the bundled logback.xml into {@code context} with the given format. */
  static void configure(LoggerContext context, String format) {
    require(format);
    URL xml = LogFormat.class.getResource("/logback.xml");
    context.reset();
    context.putProperty(PROPERTY, format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(xml);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot load logback.xml: " + e.getMessage(), e);
    }
  }

  private static void require(String format) {
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException("log_format must be text or json, got '" + format + "'");
    }
  }
}
