package io.facegate.http;

import io.facegate.service.FacegateException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code facegate_decisions_total{mode, decision}}: one count per /verify answer whose mode was
 * auth or id. Decisions: match, no_match (auth), unknown (id: nobody matched), spoof (liveness
 * vetoed the face), no_face, low_quality, multiple_faces, locked, and error for every other refusal
 * (bad image, unknown user, ...). Requests turned away before the body is read (rate limit,
 * overload, authentication) are not decisions and are not counted here.
 */
final class DecisionCounter {
  static final List<String> MODES = List.of("auth", "id");
  static final List<String> DECISIONS =
      List.of(
          "match",
          "no_match",
          "unknown",
          "no_face",
          "low_quality",
          "multiple_faces",
          "spoof",
          "locked",
          "error");

  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  DecisionCounter(MeterRegistry registry) {
    // Every label pair exists from the start at 0, so rate() and alerts work before the first
    // event.
    for (String mode : MODES) {
      for (String decision : DECISIONS) {
        counters.put(
            mode + "/" + decision,
            Counter.builder("facegate.decisions")
                .description("verify answers by mode and decision")
                .tag("mode", mode)
                .tag("decision", decision)
                .register(registry));
      }
    }
  }

  void count(String mode, String decision) {
    Counter counter = counters.get(mode + "/" + decision);
    if (counter != null) {
      counter.increment();
    }
  }

  /** The decision a refused verify counts as. */
  static String of(Throwable failure) {
    if (failure instanceof FacegateException e) {
      return switch (e.code()) {
        case NO_FACE -> "no_face";
        case LOW_QUALITY -> "low_quality";
        case MULTIPLE_FACES -> "multiple_faces";
        case LOCKED -> "locked";
        default -> "error";
      };
    }
    return "error";
  }
}
