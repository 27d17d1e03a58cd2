package io.facegate.app;

import io.facegate.app.metrics.FacegateMetrics;
import io.facegate.auth.Lockout;
import io.facegate.auth.TokenService;
import io.facegate.config.FacegateConfig;
import io.facegate.config.PipelineConfig;
import io.facegate.config.ServiceConfig;
import io.facegate.events.DoorEvents;
import io.facegate.events.EventPublisher;
import io.facegate.http.ApiRouter;
import io.facegate.http.BodyReader;
import io.facegate.http.InferenceGate;
import io.facegate.http.Protections;
import io.facegate.http.RateLimiter;
import io.facegate.index.FaceIndex;
import io.facegate.index.IndexSnapshot;
import io.facegate.service.FaceService;
import io.facegate.service.GalleryCalibrator;
import io.facegate.service.ImpostorTail;
import io.facegate.service.Thresholds;
import io.facegate.store.AuditLog;
import io.facegate.store.CropVault;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.vision.FacePipeline;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Wires configuration, models, store, index and HTTP together, and takes them down in order. The
 * port opens first (so /healthz answers and /readyz says 503); the models load and the index is
 * rebuilt from SQLite on a worker; then the API is switched on.
 */
public final class FacegateServer {
  private static final Logger LOG = LoggerFactory.getLogger(FacegateServer.class);

  private static final long DAY_MS = 86_400_000L;

  private final FacegateConfig config;
  private final Vertx vertx;
  private final Clock clock;
  private final AtomicReference<FaceService> service = new AtomicReference<>();
  private final AtomicReference<AuditLog> audit = new AtomicReference<>();
  private long retentionTimer = -1;
  private long snapshotTimer = -1;
  private volatile FaceIndex index;
  private HttpServer http;
  private WorkerExecutor inference;
  private WorkerExecutor calibration;
  private GalleryCalibrator calibrator;
  private FacePipeline pipeline;
  private Database database;
  private Future<Void> ready;
  private CropVault cropVault; // null: the crop store is off
  private FacegateMetrics meters;
  private EventPublisher events = EventPublisher.NONE;

  private FacegateServer(FacegateConfig config, Vertx vertx, Clock clock) {
    this.config = config;
    this.vertx = vertx;
    this.clock = clock;
  }

  /** Completes when the port is open; {@link #ready()} completes when the API is usable. */
  public static Future<FacegateServer> start(FacegateConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** With the clock that rate limits, lockouts and the audit log read (tests move it by hand). */
  public static Future<FacegateServer> start(FacegateConfig config, Clock clock) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        // HTTP_ROUTE: vertx-web names the matched route (e.g. /users/:username), so request latency is per route;
        // publishQuantiles: the latency timers are exported as Prometheus histograms (_bucket series).
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setJvmMetricsEnabled(true).addLabels(Label.HTTP_ROUTE)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true))))
        .withMetrics(new MicrometerMetricsFactory(metrics))
        .build();
    FacegateServer server = new FacegateServer(config, vertx, clock);
    return server.listen(metrics).map(server)
        .onFailure(e -> vertx.close());
  }

  private Future<Void> listen(PrometheusMeterRegistry metrics) {
    TokenService tokens;
    HttpServerOptions options;
    Protections protections;
    try {
      cropVault = ServiceConfig.cropVault(config).orElse(null);
      tokens = TokenService.fromConfig(vertx, config);
      options = httpOptions(config);
      protections = new Protections(
          new RateLimiter(config.decimal("rate_limit_per_second"), config.decimal("rate_limit_burst"), clock),
          new Lockout(config.integer("lockout_failures"),
              Duration.ofSeconds(config.longValue("lockout_window_seconds")), clock),
          audit::get, clock, origins(config.string("cors_origins")), new InferenceGate(config.integer("max_queue"),
              config.decimal("rate_limit_per_second") > 0 ? config.integer("rate_limit_concurrent") : 0));
      // Last: it starts connecting to the broker, so every other setting is known to be good first.
      events = DoorEvents.fromConfig(vertx, config, metrics);
    } catch (RuntimeException e) {
      return Future.failedFuture(e); // a bad setting: refuse to start, saying which
    }
    meters = new FacegateMetrics(metrics, service::get);
    BodyReader bodies = new BodyReader(config.longValue("body_limit_bytes"), config.integer("max_images_per_request"));
    return vertx.createHttpServer(options)
        .requestHandler(ApiRouter.create(vertx, service::get, tokens, bodies, metrics, protections, events))
        .listen()
        .map(server -> {
          http = server;
          LOG.info("facegate listening on {}:{}", config.string("host"), server.actualPort());
          ready = boot();
          return null;
        });
  }

  /** Limits on what a client can make the server hold before any handler runs, and optional TLS. */
  static HttpServerOptions httpOptions(FacegateConfig config) {
    HttpServerOptions options = new HttpServerOptions().setHost(config.string("host")).setPort(config.integer("port"))
        .setCompressionSupported(true)
        .setMaxHeaderSize(config.integer("max_header_bytes"))
        .setMaxFormAttributeSize(config.integer("max_form_field_bytes"))
        .setMaxFormFields(config.integer("max_form_fields"))
        // A client that opens a connection and then trickles or stalls does not hold it for ever.
        .setIdleTimeout(config.integer("idle_timeout_seconds"));
    String cert = config.string("tls_cert_file");
    String key = config.string("tls_key_file");
    if (cert.isEmpty() != key.isEmpty()) {
      throw new IllegalArgumentException("set both tls_cert_file and tls_key_file, or neither");
    }
    if (!cert.isEmpty()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key));
    }
    return options;
  }

  private static List<String> origins(String configured) {
    return Arrays.stream(configured.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList();
  }

  /** Deletes audit events older than the retention now (boot waits for it), and then once a day. */
  private Future<Void> keepAuditWithinRetention(AuditLog log) {
    Duration retention = Duration.ofDays(config.longValue("audit_retention_days"));
    Supplier<Future<Void>> prune = () -> log.deleteBefore(clock.instant().minus(retention))
        .onSuccess(n -> LOG.info("audit retention: removed {} events older than {} days", n, retention.toDays()))
        .onFailure(e -> LOG.warn("audit retention failed: {}", e.getMessage()))
        .<Void>mapEmpty()
        .otherwiseEmpty(); // a missed pruning is retried tomorrow; it must not keep the server down
    retentionTimer = vertx.setPeriodic(DAY_MS, id -> prune.get());
    return prune.get();
  }

  /** Embeddings labeled with an earlier file of the same embedder (same outputs bit for bit) take the current id. */
  private Future<Void> adoptFormerEmbedderIds(PeopleStore store) {
    return store.adoptModelIds(PipelineConfig.settings(config).embedder().formerModelIds(PipelineConfig.models(config)), pipeline.modelId())
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("{} embeddings from an earlier conversion of the same embedder now carry its id {}", n,
                pipeline.modelId());
          }
        })
        .mapEmpty();
  }

  private Future<Void> boot() {
    long started = System.nanoTime();
    inference = vertx.createSharedWorkerExecutor("facegate-inference", config.integer("workers"), 120, TimeUnit.SECONDS);
    return vertx.executeBlocking(() -> FacePipeline.load(PipelineConfig.models(config), PipelineConfig.settings(config)))
        .compose(loaded -> {
          pipeline = loaded;
          meters.modelsLoaded(loaded.modelId());
          LOG.info("models loaded from {} (embedder {})", PipelineConfig.models(config).describe(), loaded.modelId());
          return Database.open(vertx, config.dataDir());
        })
        .compose(db -> {
          database = db;
          AuditLog log = new AuditLog(db);
          audit.set(log);
          return keepAuditWithinRetention(log).map(db);
        })
        .compose(db -> {
          PeopleStore store = new PeopleStore(db, cropVault);
          Thresholds thresholds = ServiceConfig.thresholds(config);
          return adoptFormerEmbedderIds(store)
              .compose(v -> Gallery.load(vertx, store, pipeline.modelId(),
                  OnModelMismatch.parse(config.string("on_model_mismatch")), this::emptyIndex, snapshotFile()))
              .compose(built -> {
                index = built;
                keepSnapshotFresh(store);
                // On a worker: the first FaceReader initializes the vision classes (class loading took
                // 2-4 s on this loaded machine, long enough to trip the blocked-event-loop check).
                return vertx.executeBlocking(() -> new FaceService(ServiceConfig.faceReader(config, pipeline, meters),
                    inference, store, built, thresholds, calibratorFor(built, thresholds)));
              });
        })
        .map(ready -> {
          service.set(ready);
          LOG.info("ready in {} ms", (System.nanoTime() - started) / 1_000_000);
          return (Void) null;
        })
        .onFailure(e -> LOG.error("facegate could not start: {}", e.getMessage(), e));
  }

  /** Null when threshold_id pins the identification threshold. */
  private GalleryCalibrator calibratorFor(FaceIndex index, Thresholds thresholds) {
    if (!thresholds.idFromGallery()) {
      return null;
    }
    // One thread: measurements never overlap and never take an inference worker.
    calibration = vertx.createSharedWorkerExecutor("facegate-calibration", 1, 10, TimeUnit.MINUTES);
    calibrator = new GalleryCalibrator(vertx, index, calibration, thresholds.idTargetFpir(),
        ImpostorTail.shipped(), thresholds.auth(), GalleryCalibrator.MIN_INTERVAL);
    calibrator.galleryChanged();
    return calibrator;
  }

  private FaceIndex emptyIndex() {
    return ServiceConfig.emptyIndex(config, pipeline.dimension());
  }

  private Path snapshotFile() {
    return config.dataDir().resolve(IndexSnapshot.FILE_NAME);
  }

  /**
   * When the HNSW graph is written to {@code data/index.snapshot}: as soon as a background build
   * finishes, every {@code index_snapshot_seconds} if anything changed since the last one, and on
   * graceful shutdown (see {@link #stop()}). Always on the index's own thread, never on an event loop.
   */
  private void keepSnapshotFresh(PeopleStore store) {
    index.graphLive().thenRun(() -> vertx.runOnContext(v -> writeSnapshot(store)));
    long every = config.longValue("index_snapshot_seconds");
    if (every > 0) {
      snapshotTimer = vertx.setPeriodic(every * 1000, id -> {
        if (index.changesSinceSnapshot() > 0) {
          writeSnapshot(store);
        }
      });
    }
  }

  private Future<Void> writeSnapshot(PeopleStore store) {
    FaceIndex current = index;
    if (current == null || !current.graphInUse()) {
      return Future.succeededFuture();
    }
    return store.galleryState()
        .compose(state -> Future.fromCompletionStage(
            current.writeSnapshot(snapshotFile(), pipeline.modelId(), state.lineage())))
        .onFailure(e -> LOG.warn("could not write the index snapshot (the next boot rebuilds the graph): {}",
            e.getMessage()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  public Future<Void> ready() {
    return ready;
  }

  public int port() {
    return http.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Stops taking connections, lets in-flight requests finish, gives queued door events a bounded
   * flush, then closes the store, models and Vert.x.
   */
  public Future<Void> stop() {
    long grace = config.longValue("shutdown_grace_seconds");
    vertx.cancelTimer(retentionTimer);
    vertx.cancelTimer(snapshotTimer);
    Future<Void> httpDown = http == null ? Future.succeededFuture() : http.shutdown(grace, TimeUnit.SECONDS);
    Future<Void> released = httpDown
        .eventually(() -> events.close(DoorEvents.flushTime(config)))
        .eventually(() -> ready == null ? Future.succeededFuture() : ready.otherwiseEmpty())
        // No request changes the gallery any more: save the graph so the next boot loads it.
        .eventually(() -> database == null || service.get() == null ? Future.succeededFuture()
            : writeSnapshot(new PeopleStore(database)))
        .andThen(v -> {
          if (index != null) {
            index.close();
          }
        })
        .eventually(() -> inference == null ? Future.succeededFuture() : inference.close())
        .eventually(() -> {
          if (calibration == null) {
            return Future.succeededFuture();
          }
          calibrator.stop();
          return calibration.close();
        })
        .eventually(() -> database == null ? Future.succeededFuture() : database.close())
        .andThen(v -> {
          if (pipeline != null) {
            pipeline.close();
          }
        });
    // A close started on one of Vert.x's own event loops reports back on a loop it has just
    // stopped, so it would never complete: close from a plain thread, into a context-free promise.
    Promise<Void> closed = Promise.promise();
    released.onComplete(v -> new Thread(() -> vertx.close().onComplete(closed), "facegate-close").start());
    return closed.future();
  }
}
