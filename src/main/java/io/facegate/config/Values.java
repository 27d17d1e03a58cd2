package io.facegate.config;

import java.util.List;
import java.util.Map;

/**
 * The validated settings by key, in canonical form (Long, Double, String or a List of String), read
 * once into the section records.
 */
record Values(Map<String, Object> byKey) {

  String text(String key) {
    return (String) byKey.get(key);
  }

  long longValue(String key) {
    return (Long) byKey.get(key);
  }

  /** The bounds in {@link SettingTable} keep every whole setting read this way within int. */
  int integer(String key) {
    return Math.toIntExact(longValue(key));
  }

  double decimal(String key) {
    return (Double) byKey.get(key);
  }

  @SuppressWarnings("unchecked") // list settings are canonicalized to List<String>
  List<String> list(String key) {
    return (List<String>) byKey.get(key);
  }
}
