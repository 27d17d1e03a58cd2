package io.facegate.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings in three layers, later wins: the defaults embedded in the jar (a copy of
 * {@code config/facegate.json}), the {@code config/facegate.json} beside the working directory (or
 * the file named by {@code FACEGATE_CONFIG}), and {@code FACEGATE_<KEY>} environment variables.
 *
 * <p>Hand-written rather than vertx-config because the CLI needs the same values synchronously
 * before any Vert.x instance exists, and flat snake_case keys map one-to-one onto variable names.
 */
public final class FacegateConfig {
  public static final String ENV_PREFIX = "FACEGATE_";
  private static final String DEFAULTS_RESOURCE = "/config/facegate.json";

  private final JsonObject values;

  private FacegateConfig(JsonObject values) {
    this.values = values;
  }

  /** Loads defaults, the config file and the process environment. */
  public static FacegateConfig load() {
    return load(System.getenv());
  }

  public static FacegateConfig load(Map<String, String> env) {
    JsonObject merged = readDefaults();
    Path file = Path.of(env.getOrDefault(ENV_PREFIX + "CONFIG", "config/facegate.json"));
    if (Files.isRegularFile(file)) {
      try {
        merged.mergeIn(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read config file " + file, e);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("config file " + file + " is not valid JSON: " + e.getMessage(), e);
      }
    }
    return new FacegateConfig(merged).overriddenBy(env);
  }

  /** A copy with selected keys replaced; used by tests and by the CLI. */
  public FacegateConfig with(String key, Object value) {
    JsonObject copy = values.copy();
    copy.put(key, value);
    return new FacegateConfig(copy);
  }

  private FacegateConfig overriddenBy(Map<String, String> env) {
    JsonObject copy = values.copy();
    for (String key : values.fieldNames()) {
      String raw = env.get(ENV_PREFIX + key.toUpperCase());
      if (raw != null) {
        copy.put(key, parseLike(values.getValue(key), raw, key));
      }
    }
    return new FacegateConfig(copy);
  }

  /** Environment values are strings; convert them to the type of the default they replace. */
  private static Object parseLike(Object template, String raw, String key) {
    try {
      if (template instanceof Integer || template instanceof Long) {
        return Long.parseLong(raw.trim());
      }
      if (template instanceof Number) {
        return Double.parseDouble(raw.trim());
      }
      if (template instanceof Boolean) {
        String v = raw.trim().toLowerCase();
        if (!v.equals("true") && !v.equals("false")) {
          throw new NumberFormatException("expected true or false");
        }
        return Boolean.parseBoolean(v);
      }
      return raw;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          ENV_PREFIX + key.toUpperCase() + "='" + raw + "' is not a valid value: " + e.getMessage(), e);
    }
  }

  private static JsonObject readDefaults() {
    try (InputStream in = FacegateConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("defaults " + DEFAULTS_RESOURCE + " missing from the jar");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String string(String key) {
    Object v = require(key);
    return String.valueOf(v);
  }

  public int integer(String key) {
    Object v = require(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("setting " + key + " must be a number, got " + v);
    }
    return Math.toIntExact(n.longValue());
  }

  public long longValue(String key) {
    Object v = require(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("setting " + key + " must be a number, got " + v);
    }
    return n.longValue();
  }

  public double decimal(String key) {
    Object v = require(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("setting " + key + " must be a number, got " + v);
    }
    return n.doubleValue();
  }

  public boolean bool(String key) {
    Object v = require(key);
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException("setting " + key + " must be true or false, got " + v);
    }
    return b;
  }

  private Object require(String key) {
    Object v = values.getValue(key);
    if (v == null) {
      throw new IllegalArgumentException("missing setting " + key);
    }
    return v;
  }

  public Path dataDir() {
    return Path.of(string("data_dir"));
  }

  public JsonObject asJson() {
    return values.copy();
  }
}
