package io.facegate.app;

import io.facegate.app.metrics.FacegateMetrics;
import io.facegate.auth.TokenService;
import io.facegate.config.FacegateConfig;
import io.facegate.config.ServerConfig;
import io.facegate.events.DoorEvents;
import io.facegate.events.EventPublisher;
import io.facegate.http.ApiRouter;
import io.facegate.http.BodyReader;
import io.facegate.http.FleetRoutes;
import io.facegate.http.InferenceGate;
import io.facegate.http.RateLimiter;
import io.facegate.http.RequestGuards;
import io.facegate.index.FaceIndex;
import io.facegate.service.Doors;
import io.facegate.service.EmbedderCalibration;
import io.facegate.service.FaceService;
import io.facegate.service.IdThresholdCalibrator;
import io.facegate.service.IdThresholdSource;
import io.facegate.service.InferencePool;
import io.facegate.service.Lockout;
import io.facegate.service.Thresholds;
import io.facegate.store.AuditLog;
import io.facegate.store.CropVault;
import io.facegate.store.Database;
import io.facegate.store.DeviceStore;
import io.facegate.store.PeopleStore;
import io.facegate.vision.FacePipeline;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires configuration, models, store, index and HTTP together, and takes them down in order. The
 * port opens first (so /healthz answers and /readyz says 503); the models load and the index is
 * rebuilt from SQLite on a worker; then the API is switched on.
 */
public final class FacegateServer extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(FacegateServer.class);

  private static final long DAY_MS = 86_400_000L;

  /**
   * What is prepared before the verticle deploys: a bad setting fails here, before any port opens.
   */
  private record Opening(
      CropVault vault, Router router, EventPublisher events, FleetRoutes fleet) {}

  /** What answers before the models are loaded: the open port and the door event sinks. */
  private record Front(HttpServer http, EventPublisher events) {}

  /**
   * What the boot builds, in the order it builds it; the teardown closes them the other way round.
   */
  private record Core(
      WorkerExecutor inference,
      FacePipeline pipeline,
      Database database,
      PeopleStore store,
      FaceIndex index,
      IdThresholdSource idThresholds,
      FaceService service) {}

  private final FacegateConfig config;
  private final Clock clock;
  private final PrometheusMeterRegistry metrics;
  private final FacegateMetrics meters;
  private final AtomicReference<FaceService> service = new AtomicReference<>();
  private final AtomicReference<AuditLog> audit = new AtomicReference<>();
  private final Teardown teardown = new Teardown();
  private Opening opening;
  private Front front;
  private Future<Core> ready;

  private FacegateServer(FacegateConfig config, Clock clock, PrometheusMeterRegistry metrics) {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.meters = new FacegateMetrics(metrics, service::get);
  }

  /** Completes when the port is open; {@link #ready()} completes when the API is usable. */
  public static Future<FacegateServer> start(FacegateConfig config) {
    return start(config, Clock.systemUTC());
  }

  /** With the clock that rate limits, lockouts and the audit log read (tests move it by hand). */
  public static Future<FacegateServer> start(FacegateConfig config, Clock clock) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx =
        Vertx.builder()
            // HTTP_ROUTE: vertx-web names the matched route (e.g. /users/:username), so request
            // latency is per route;
            // publishQuantiles: the latency timers are exported as Prometheus histograms (_bucket
            // series).
            .with(
                new VertxOptions()
                    .setMetricsOptions(
                        new MicrometerMetricsOptions()
                            .setEnabled(true)
                            .setJvmMetricsEnabled(true)
                            .addLabels(Label.HTTP_ROUTE)
                            .setPrometheusOptions(
                                new VertxPrometheusOptions()
                                    .setEnabled(true)
                                    .setPublishQuantiles(true))))
            .withMetrics(new MicrometerMetricsFactory(metrics))
            .build();
    FacegateServer server = new FacegateServer(config, clock, metrics);
    try {
      // On the caller's thread, as the verticle is not deployed yet: key files are read and the JWT
      // and web
      // classes load off the event loop, and the door event sinks get event-loop contexts of their
      // own.
      server.opening = server.open(vertx);
    } catch (RuntimeException e) {
      vertx.close();
      return Future.failedFuture(e); // a bad setting: refuse to start, saying which
    }
    return vertx.deployVerticle(server).map(server).onFailure(e -> vertx.close());
  }

  private Opening open(Vertx vertx) {
    CropVault vault = config.storage().cropVault(); // a missing or short key stops the start
    TokenService tokens =
        TokenService.fromConfig(vertx, config.security(), config.storage().dataDir());
    FleetRoutes fleet = new FleetRoutes(config.fleet().role());
    // Last: it starts connecting to the broker, so every other setting is known to be good first.
    EventPublisher events = DoorEvents.fromConfig(vertx, config.events(), metrics);
    return new Opening(vault, router(vertx, tokens, events, fleet), events, fleet);
  }

  /**
   * Opens the port with the API still switched off, then boots in the background (see {@link
   * #ready()}).
   */
  @Override
  public Future<?> start() {
    return vertx
        .createHttpServer(httpOptions(config))
        .requestHandler(opening.router())
        .listen()
        .onFailure(e -> opening.events().close(Duration.ZERO))
        .map(
            http -> {
              front = new Front(http, opening.events());
              LOG.info("facegate listening on {}:{}", config.server().host(), http.actualPort());
              ready =
                  boot(
                      opening.vault(),
                      new FleetNode(vertx, config.fleet(), teardown, metrics, opening.fleet()));
              return null;
            });
  }

  private Router router(
      Vertx vertx, TokenService tokens, EventPublisher events, FleetRoutes fleet) {
    RequestGuards guards =
        new RequestGuards(
            new RateLimiter(
                config.security().rateLimitPerSecond(), config.security().rateLimitBurst(), clock),
            audit::get,
            clock,
            config.server().corsOrigins(),
            new InferenceGate(config.limits().maxQueue(), config.security().concurrentPerCaller()),
            config.server().trustedProxies());
    return ApiRouter.create(
        vertx,
        service::get,
        tokens,
        new BodyReader(
            config.limits().bodyLimitBytes(),
            config.limits().maxImagesPerRequest(),
            config.limits().maxFormFieldBytes(),
            config.limits().maxFormFields()),
        metrics,
        guards,
        events,
        fleet);
  }

  /** Limits on what a client can make the server hold before any handler runs, and optional TLS. */
  static HttpServerOptions httpOptions(FacegateConfig config) {
    ServerConfig server = config.server();
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(server.host())
            .setPort(server.port())
            .setCompressionSupported(true)
            .setMaxHeaderSize(config.limits().maxHeaderBytes())
            // A client that opens a connection and then trickles or stalls does not hold it for
            // ever.
            .setIdleTimeout(server.idleTimeoutSeconds());
    if (server.tls()) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(server.tlsCertFile())
                  .setKeyPath(server.tlsKeyFile()));
    }
    return options;
  }

  /**
   * Models, the fleet role's central database, the local database, index and service, each on a
   * worker where it blocks; a central or follower then waits until its replica serves a gallery;
   * then the API answers.
   */
  private Future<Core> boot(CropVault vault, FleetNode fleet) {
    long started = System.nanoTime();
    WorkerExecutor inference =
        vertx.createSharedWorkerExecutor(
            "facegate-inference", config.limits().workers(), 120, TimeUnit.SECONDS);
    teardown.add("the inference pool", inference::close);
    return loadPipeline()
        .compose(
            pipeline -> {
              EmbedderCalibration calibration = calibrationOf(pipeline);
              Thresholds thresholds = config.decisions().thresholds().calibratedBy(calibration);
              return fleet
                  .open(vault.keeps())
                  .compose(v -> openDatabase())
                  .compose(
                      db -> {
                        PeopleStore store = new PeopleStore(db, vault);
                        return adoptFormerEmbedderIds(store, pipeline)
                            .compose(v -> loadIndex(store, pipeline.modelId()))
                            .compose(
                                index -> {
                                  IdThresholdSource idThresholds =
                                      idThresholdsFor(index, thresholds, calibration);
                                  return Doors.load(new DeviceStore(db), clock)
                                      .compose(
                                          doors ->
                                              fleet.follow(
                                                  db,
                                                  store,
                                                  index,
                                                  idThresholds,
                                                  pipeline.modelId(),
                                                  doors))
                                      // On a worker: the first FaceReader initializes the vision
                                      // classes, slow enough to trip the blocked-event-loop
                                      // check.
                                      .compose(
                                          loaded ->
                                              vertx.executeBlocking(
                                                  () -> {
                                                    Lockout lockout =
                                                        new Lockout(
                                                            config.security().lockoutFailures(),
                                                            config.security().lockoutWindow(),
                                                            clock);
                                                    return new Core(
                                                        inference,
                                                        pipeline,
                                                        db,
                                                        store,
                                                        index,
                                                        idThresholds,
                                                        new FaceService(
                                                            config.faceReader(pipeline, meters),
                                                            new InferencePool(
                                                                inference,
                                                                config.limits().inferenceTimeout()),
                                                            store,
                                                            index,
                                                            thresholds,
                                                            idThresholds,
                                                            lockout,
                                                            loaded.doors(),
                                                            config.decisions().livenessCheck(clock),
                                                            loaded.gallery()));
                                                  }));
                                });
                      });
            })
        .onSuccess(
            core -> {
              service.set(core.service());
              LOG.info("ready in {} ms", (System.nanoTime() - started) / 1_000_000);
            })
        .onFailure(e -> LOG.error("facegate could not start: {}", e.getMessage(), e));
  }

  private Future<FacePipeline> loadPipeline() {
    return vertx
        .executeBlocking(
            () -> FacePipeline.load(config.pipeline().models(), config.pipelineSettings()))
        .onSuccess(
            pipeline -> {
              teardown.addSync("the models", pipeline::close);
              meters.modelsLoaded(pipeline.modelId());
              LOG.info(
                  "models loaded from {} (pipeline {}; embedder {})",
                  config.pipeline().models().describe(),
                  config.pipeline().describe(),
                  pipeline.modelId());
            });
  }

  /** The loaded embedder's thresholds; a model without its own calibration stops the start. */
  private EmbedderCalibration calibrationOf(FacePipeline pipeline) {
    EmbedderCalibration calibration =
        EmbedderCalibration.forModel(
            pipeline.modelId(),
            config.pipeline().embedder().formerModelIds(config.pipeline().models()));
    double configured = config.decisions().thresholds().auth();
    LOG.info(
        "1:1 threshold {} ({}); identification prior: the impostor tail measured on {}",
        Double.isNaN(configured) ? calibration.authThreshold() : configured,
        Double.isNaN(configured) ? "calibrated for the embedder" : "threshold_auth",
        calibration.modelId());
    return calibration;
  }

  private Future<Database> openDatabase() {
    return Database.open(vertx, config.storage().dataDir())
        .compose(
            db -> {
              teardown.add("the database", db::close);
              AuditLog log = new AuditLog(db);
              audit.set(log);
              return keepAuditWithinRetention(log).map(db);
            });
  }

  /** Deletes audit events older than the retention now (boot waits for it), and then once a day. */
  private Future<Void> keepAuditWithinRetention(AuditLog log) {
    Duration retention = Duration.ofDays(config.storage().auditRetentionDays());
    Supplier<Future<Void>> prune =
        () ->
            log.deleteBefore(clock.instant().minus(retention))
                .onSuccess(
                    n ->
                        LOG.info(
                            "audit retention: removed {} events older than {} days",
                            n,
                            retention.toDays()))
                .onFailure(e -> LOG.warn("audit retention failed: {}", e.getMessage()))
                .<Void>mapEmpty()
                .otherwiseEmpty(); // a missed pruning is retried tomorrow; it must not keep the
    // server down
    long timer = vertx.setPeriodic(DAY_MS, id -> prune.get());
    teardown.addSync("the audit retention timer", () -> vertx.cancelTimer(timer));
    return prune.get();
  }

  /**
   * Embeddings labeled with an earlier file of the same embedder (same outputs bit for bit) take
   * the current id.
   */
  private Future<Void> adoptFormerEmbedderIds(PeopleStore store, FacePipeline pipeline) {
    return store
        .adoptModelIds(
            config.pipeline().embedder().formerModelIds(config.pipeline().models()),
            pipeline.modelId())
        .onSuccess(
            n -> {
              if (n > 0) {
                LOG.info(
                    "{} embeddings from an earlier conversion of the same embedder now carry its id {}",
                    n,
                    pipeline.modelId());
              }
            })
        .mapEmpty();
  }

  private Future<FaceIndex> loadIndex(PeopleStore store, String modelId) {
    return FormerIndexSnapshot.deleteIn(vertx, config.storage().dataDir())
        .compose(
            v ->
                GalleryLoader.load(
                    vertx,
                    store,
                    modelId,
                    OnModelMismatch.parse(config.storage().onModelMismatch()),
                    () -> config.index().emptyIndex(config.pipeline().embedder().dimension())));
  }

  /**
   * Pinned by threshold_id, or derived from the gallery by a calibrator with its own single thread.
   */
  private IdThresholdSource idThresholdsFor(
      FaceIndex index, Thresholds thresholds, EmbedderCalibration embedder) {
    if (!thresholds.idFromGallery()) {
      return IdThresholdSource.pinned(thresholds.id(), index);
    }
    // One thread: measurements never overlap and never take an inference worker.
    WorkerExecutor calibration =
        vertx.createSharedWorkerExecutor("facegate-calibration", 1, 10, TimeUnit.MINUTES);
    teardown.add("the calibration pool", calibration::close);
    IdThresholdCalibrator calibrator =
        new IdThresholdCalibrator(
            vertx,
            index,
            calibration,
            thresholds.idTargetFpir(),
            embedder.impostorTail(),
            thresholds.auth(),
            IdThresholdCalibrator.MIN_INTERVAL);
    teardown.addSync("the threshold calibrator", calibrator::stop);
    calibrator.galleryChanged();
    return calibrator;
  }

  /**
   * Stops taking connections, lets in-flight requests finish, gives queued door events a bounded
   * flush, waits for a boot still running, then closes what the boot opened in reverse order (the
   * database and the models close last).
   */
  @Override
  public Future<?> stop() {
    return front
        .http()
        .shutdown(config.server().shutdownGrace().toSeconds(), TimeUnit.SECONDS)
        .eventually(() -> front.events().close(config.events().flushTime()))
        .eventually(() -> ready.otherwiseEmpty())
        .eventually(teardown::run);
  }

  /** Completes when the models are loaded and the index is built, i.e. when the API answers. */
  public Future<Void> ready() {
    return ready.mapEmpty();
  }

  public int port() {
    return front.http().actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Stops the server gracefully ({@link #stop()}) and closes its Vert.x. */
  public Future<Void> close() {
    // A close started on one of Vert.x's own event loops reports back on a loop it has just
    // stopped, so it would never complete: close from a plain thread, into a context-free promise.
    Promise<Void> closed = Promise.promise();
    new Thread(() -> vertx.close().onComplete(closed), "facegate-close").start();
    return closed.future();
  }
}
