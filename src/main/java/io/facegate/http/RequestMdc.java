package io.facegate.http;

import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Puts the request id in the logging MDC (key {@code request_id}) while {@code work} runs. Vert.x
 * interleaves requests on one event-loop thread, so the MDC cannot simply be set for a request's
 * lifetime: each place that logs while handling a request wraps its log call in this.
 */
public final class RequestMdc {
  public static final String KEY = "request_id";

  private RequestMdc() {}

  public static void run(RoutingContext ctx, Runnable work) {
    run((String) ctx.get(KEY), work);
  }

  public static void run(String requestId, Runnable work) {
    call(
        requestId,
        () -> {
          work.run();
          return null;
        });
  }

  /**
   * {@code work}'s result, computed with the request id in the MDC; work it hands to a worker pool
   * that carries the MDC over (the service's inference pool does) keeps the id there too.
   */
  public static <T> T call(RoutingContext ctx, Supplier<T> work) {
    return call((String) ctx.get(KEY), work);
  }

  private static <T> T call(String requestId, Supplier<T> work) {
    if (requestId == null) {
      return work.get();
    }
    String before = MDC.get(KEY);
    MDC.put(KEY, requestId);
    try {
      return work.get();
    } finally {
      if (before == null) {
        MDC.remove(KEY);
      } else {
        MDC.put(KEY, before);
      }
    }
  }
}
