package io.facegate.app.metrics;

import io.facegate.service.FaceService;
import io.facegate.vision.NativeStderr;
import io.facegate.vision.StageTimer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The server's own meters (request latency per route and the inference in-flight gauge come from
 * vertx-micrometer and ApiRouter; decisions from http/DecisionCounter; door events, when
 * configured, from events/QueuedEventPublisher):
 *
 * <ul>
 *   <li>{@code facegate_stage_seconds{stage}}: a histogram per pipeline stage;
 *   <li>{@code facegate_index_embeddings}, {@code facegate_index_people}: the in-memory index (NaN
 *       until ready);
 *   <li>{@code facegate_models_loaded}: 0 until the models are loaded, then 1;
 *   <li>{@code facegate_model_info{model_id}}: 1 for the loaded embedder;
 *   <li>{@code facegate_inference_timed_out_total}: photo requests over {@code
 *       inference_timeout_ms};
 *   <li>{@code facegate_native_messages_total{outcome}}: native decoder messages logged, or dropped
 *       over the rate limit.
 * </ul>
 */
public final class FacegateMetrics implements StageTimer {
  static final List<String> STAGES = List.of(DECODE, DETECT, ALIGN, EMBED, LIVENESS);

  private final MeterRegistry registry;
  private final Map<String, Timer> stages;
  private final AtomicInteger modelsLoaded = new AtomicInteger();

  public FacegateMetrics(MeterRegistry registry, Supplier<FaceService> service) {
    this.registry = registry;
    // Registered up front, so every stage's histogram is in the scrape from the start (zero
    // counts).
    this.stages =
        STAGES.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Function.identity(),
                    stage ->
                        Timer.builder("facegate.stage")
                            .description("time spent in one face pipeline stage")
                            .tag("stage", stage)
                            .publishPercentileHistogram()
                            .register(registry)));
    Gauge.builder(
            "facegate.index.embeddings",
            service,
            s -> s.get() == null ? Double.NaN : s.get().indexedEmbeddings())
        .description("embeddings in the in-memory index")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "facegate.id.threshold",
            service,
            s -> s.get() == null ? Double.NaN : s.get().idThreshold().value())
        .description(
            "the identification (1:N) threshold in force (derived from the gallery unless threshold_id pins it)")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "facegate.index.people",
            service,
            s -> s.get() == null ? Double.NaN : s.get().indexedPeople())
        .description("people with at least one embedding in the in-memory index")
        .strongReference(true)
        .register(registry);
    Gauge.builder("facegate.models.loaded", modelsLoaded, AtomicInteger::get)
        .description("1 once the detector and embedder are loaded")
        .register(registry);
    FunctionCounter.builder(
            "facegate.inference.timed_out",
            this,
            m -> service.get() == null ? 0 : service.get().timedOut())
        .description("photo requests refused with TIMED_OUT: decoding and models over the bound")
        .register(registry);
    FunctionCounter.builder("facegate.native.messages", this, m -> NativeStderr.logged())
        .tag("outcome", "logged")
        .description("lines native libraries wrote to stderr, logged through logback")
        .register(registry);
    FunctionCounter.builder("facegate.native.messages", this, m -> NativeStderr.dropped())
        .tag("outcome", "dropped")
        .description("lines native libraries wrote to stderr, dropped over the rate limit")
        .register(registry);
  }

  /**
   * Called once the pipeline is loaded: models_loaded becomes 1 and the embedder's id is published.
   */
  public void modelsLoaded(String embedderModelId) {
    Gauge.builder("facegate.model.info", () -> 1.0)
        .tag("model_id", embedderModelId)
        .description("the loaded embedding model (value always 1)")
        .register(registry);
    modelsLoaded.set(1);
  }

  @Override
  public <T> T time(String stage, Supplier<T> work) {
    Timer timer = stages.get(stage);
    if (timer == null) {
      throw new IllegalArgumentException("unknown pipeline stage " + stage);
    }
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }
}
