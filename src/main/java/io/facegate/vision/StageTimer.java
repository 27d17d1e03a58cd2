package io.facegate.vision;

import java.util.function.Supplier;

/**
 * Times one pipeline stage (decode, detect, align, embed, liveness). The pipeline code only names
 * the stage; what is done with the duration (a Prometheus histogram in the server) lives elsewhere.
 */
public interface StageTimer {
  String DECODE = "decode";
  String DETECT = "detect";
  String ALIGN = "align";
  String EMBED = "embed";
  String LIVENESS = "liveness";

  /** Does no timing: for commands and tests that have no metrics. */
  StageTimer NONE =
      new StageTimer() {
        @Override
        public <T> T time(String stage, Supplier<T> work) {
          return work.get();
        }
      };

  /** Runs {@code work} and records how long it took under {@code stage}, also when it throws. */
  <T> T time(String stage, Supplier<T> work);
}
