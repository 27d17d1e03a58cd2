package io.facegate.config;

import io.facegate.service.FaceReader;
import io.facegate.service.LivenessMode;
import io.facegate.service.PipelineFaceReader;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.InferenceSettings;
import io.facegate.vision.PipelineSettings;
import io.facegate.vision.StageTimer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings in three layers, later wins: the defaults embedded in the jar (a copy of {@code
 * config/facegate.json}), the {@code config/facegate.json} beside the working directory (or the
 * file named by {@code FACEGATE_CONFIG}), and {@code FACEGATE_<KEY>} environment variables. Every
 * value is checked against {@link SettingTable} once, here: an unknown key, a wrong type or a value
 * out of range stops the start with a message naming the key and what is allowed.
 *
 * <p>Hand-written rather than vertx-config because the CLI needs the same values synchronously
 * before any Vert.x instance exists, and flat snake_case keys map one-to-one onto variable names.
 */
public final class FacegateConfig {
  public static final String ENV_PREFIX = "FACEGATE_";
  static final String DEFAULTS_RESOURCE = "/config/facegate.json";

  private final Map<String, Object> values;
  private final ServerConfig server;
  private final LimitsConfig limits;
  private final PipelineConfig pipeline;
  private final DecisionConfig decisions;
  private final QualityConfig quality;
  private final SecurityConfig security;
  private final IndexConfig index;
  private final StorageConfig storage;
  private final EventsConfig events;
  private final FleetConfig fleet;

  private FacegateConfig(Map<String, Object> values) {
    this.values = values;
    Values v = new Values(values);
    this.server = ServerConfig.from(v);
    this.limits = LimitsConfig.from(v);
    this.pipeline = PipelineConfig.from(v);
    this.decisions = DecisionConfig.from(v);
    this.quality = QualityConfig.from(v);
    this.security = SecurityConfig.from(v);
    this.index = IndexConfig.from(v);
    this.storage = StorageConfig.from(v);
    this.events = EventsConfig.from(v);
    this.fleet = FleetConfig.from(v);
  }

  /** Loads defaults, the config file and the process environment. */
  public static FacegateConfig load() {
    return load(System.getenv());
  }

  public static FacegateConfig load(Map<String, String> env) {
    Map<String, Object> values = new LinkedHashMap<>();
    JsonObject defaults = defaults();
    layer(values, defaults, "default in the jar");
    for (Setting setting : SettingTable.ALL) {
      if (!defaults.containsKey(setting.key())) {
        throw new IllegalStateException(
            "the jar's " + DEFAULTS_RESOURCE + " has no default for " + setting.key());
      }
    }
    for (String key : SettingTable.REMOVED.keySet()) {
      if (env.containsKey(envName(key))) {
        throw removed(key, "environment variable " + envName(key));
      }
    }
    Path file = Path.of(env.getOrDefault(ENV_PREFIX + "CONFIG", "config/facegate.json"));
    if (Files.isRegularFile(file)) {
      layer(values, readFile(file), "config file " + file);
    }
    for (Setting setting : SettingTable.ALL) {
      String text = env.get(setting.envName());
      if (text != null) {
        values.put(setting.key(), setting.fromEnv(text));
      }
    }
    return new FacegateConfig(values);
  }

  /**
   * A copy with one setting replaced, checked like any other layer; used by tests and by the CLI.
   */
  public FacegateConfig with(String key, Object value) {
    return with(Map.of(key, value));
  }

  /**
   * A copy with several settings replaced at once: those only valid together (tls_cert_file and
   * tls_key_file).
   */
  public FacegateConfig with(Map<String, ?> changes) {
    Map<String, Object> copy = new LinkedHashMap<>(values);
    layer(copy, new JsonObject(new LinkedHashMap<>(changes)), "set by the caller");
    return new FacegateConfig(copy);
  }

  /** A key this server does not know is refused, so a typo is never silently ignored. */
  private static void layer(Map<String, Object> values, JsonObject layer, String origin) {
    for (Map.Entry<String, Object> entry : layer) {
      Setting setting = SettingTable.BY_KEY.get(entry.getKey());
      if (setting == null && SettingTable.REMOVED.containsKey(entry.getKey())) {
        throw removed(entry.getKey(), origin);
      }
      if (setting == null) {
        throw new IllegalArgumentException(
            "unknown setting '"
                + entry.getKey()
                + "' ("
                + origin
                + "); docs/configuration.md lists the settings");
      }
      values.put(setting.key(), setting.fromJson(entry.getValue(), origin));
    }
  }

  private static IllegalArgumentException removed(String key, String origin) {
    return new IllegalArgumentException(
        "setting '" + key + "' (" + origin + ") " + SettingTable.REMOVED.get(key));
  }

  /** The environment variable that sets {@code key}, e.g. {@code FACEGATE_PORT}. */
  static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT);
  }

  private static JsonObject readFile(Path file) {
    try {
      return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config file " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "config file " + file + " is not a JSON object: " + e.getMessage(), e);
    }
  }

  /** The jar's copy of config/facegate.json. */
  static JsonObject defaults() {
    try (InputStream in = FacegateConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("defaults " + DEFAULTS_RESOURCE + " missing from the jar");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ServerConfig server() {
    return server;
  }

  public LimitsConfig limits() {
    return limits;
  }

  public PipelineConfig pipeline() {
    return pipeline;
  }

  public DecisionConfig decisions() {
    return decisions;
  }

  public QualityConfig quality() {
    return quality;
  }

  public SecurityConfig security() {
    return security;
  }

  public IndexConfig index() {
    return index;
  }

  public StorageConfig storage() {
    return storage;
  }

  public EventsConfig events() {
    return events;
  }

  public FleetConfig fleet() {
    return fleet;
  }

  /**
   * What the vision pipeline needs, gathered from three sections: the anti-spoofing model loads
   * unless liveness is off.
   */
  public PipelineSettings pipelineSettings() {
    return new PipelineSettings(
        pipeline.detector(),
        pipeline.minDetectionScore(),
        limits.images(),
        new InferenceSettings(pipeline.inferenceThreads()),
        decisions.liveness() != LivenessMode.OFF,
        pipeline.meshAlignment(),
        pipeline.embedder());
  }

  /**
   * The server's reading rules (quality bounds, crops kept or not) around a loaded pipeline; eval
   * uses the same.
   */
  public FaceReader faceReader(FacePipeline loaded) {
    return faceReader(loaded, StageTimer.NONE);
  }

  /** With each pipeline stage timed by {@code timer}. */
  public FaceReader faceReader(FacePipeline loaded, StageTimer timer) {
    return new PipelineFaceReader(
        loaded,
        quality.enroll(),
        quality.verify(),
        quality.presence(),
        storage.cropStoreKeyFile().isPresent(),
        timer);
  }
}
