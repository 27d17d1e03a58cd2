package io.facegate.config;

import java.util.Locale;

/**
 * One setting: its key in config/facegate.json, the section it belongs to, what it accepts and what
 * it does.
 */
public record Setting(Section section, String key, SettingType type, String description) {

  /** The environment variable that overrides it, e.g. {@code FACEGATE_PORT}. */
  public String envName() {
    return FacegateConfig.ENV_PREFIX + key.toUpperCase(Locale.ROOT);
  }

  /**
   * The value from a config layer; a refusal names the key, where the value came from and what is
   * allowed.
   */
  Object fromJson(Object value, String origin) {
    try {
      return type.fromJson(value);
    } catch (IllegalArgumentException e) {
      throw refusal(value, origin, e);
    }
  }

  Object fromEnv(String text) {
    try {
      return type.fromText(text);
    } catch (IllegalArgumentException e) {
      throw refusal(text, "environment variable " + envName(), e);
    }
  }

  private IllegalArgumentException refusal(
      Object value, String origin, IllegalArgumentException e) {
    String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
    return new IllegalArgumentException(
        "setting " + key + " (" + origin + ") " + e.getMessage() + ", got " + shown, e);
  }
}
