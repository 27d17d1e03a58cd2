package io.facegate.app;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the boot has opened, closed in the reverse order: whatever stage a boot reached or failed
 * at, exactly what it opened is closed. A close that fails is logged and the next one still runs.
 */
final class Teardown {
  private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

  private record Step(String what, Supplier<Future<?>> close) {}

  private final Deque<Step> steps = new ArrayDeque<>();

  synchronized void add(String what, Supplier<Future<?>> close) {
    steps.push(new Step(what, close));
  }

  /** For the parts whose close is synchronous (models, the index, timers). */
  void addSync(String what, Runnable close) {
    add(
        what,
        () -> {
          close.run();
          return Future.succeededFuture();
        });
  }

  /** Runs every step, last added first; completes when the last has. */
  synchronized Future<Void> run() {
    Future<Void> chain = Future.succeededFuture();
    while (!steps.isEmpty()) {
      Step step = steps.pop();
      chain =
          chain.eventually(
              () ->
                  Future.<Void>future(p -> step.close().get().<Void>mapEmpty().onComplete(p))
                      .onFailure(
                          e -> LOG.warn("closing {} failed: {}", step.what(), e.toString())));
    }
    return chain.otherwiseEmpty().mapEmpty();
  }
}
