package io.facegate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.testing.FastTier;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from {@link SettingTable} and the jar's defaults, so it cannot
 * drift from what the server accepts. Regenerate it with {@code mvn -B test
 * -Dtest=ConfigurationDocTest -Dfacegate.writeDocs=true}.
 */
@FastTier
class ConfigurationDocTest {
  private static final Path DOC = Path.of("docs/configuration.md");
  private static final String REGENERATE =
      "mvn -B test -Dtest=ConfigurationDocTest -Dfacegate.writeDocs=true";

  @Test
  void theDocumentIsWhatTheSettingTableProduces() throws Exception {
    String expected = render(FacegateConfig.defaults());
    if (Boolean.getBoolean("facegate.writeDocs")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, expected);
    }
    String actual = Files.exists(DOC) ? Files.readString(DOC) : "";
    assertEquals(
        expected,
        actual,
        DOC + " differs from the settings the server accepts; regenerate it with: " + REGENERATE);
  }

  static String render(JsonObject defaults) {
    StringBuilder md =
        new StringBuilder(
            """
        # Configuration

        <!-- Generated from src/main/java/io/facegate/config/SettingTable.java and config/facegate.json: \
        do not edit; regenerate with %s -->

        Settings come in three layers, later wins: the defaults embedded in the jar (`config/facegate.json`),
        the `config/facegate.json` in the working directory (or the file named by `FACEGATE_CONFIG`), and one
        environment variable per key, `FACEGATE_<KEY>` in upper case. The config file is one flat JSON object
        with the keys below. Every value is checked when the server or a command starts: an unknown key, a
        value of the wrong type or out of the allowed range stops it with a message naming the key.
        """
                .formatted(REGENERATE));
    for (Section section : Section.values()) {
      md.append("\n## ")
          .append(section.title())
          .append("\n\n")
          .append(section.description())
          .append("\n\n")
          .append("| Key | Environment | Type | Default | Allowed | Description |\n")
          .append("|---|---|---|---|---|---|\n");
      md.append(
          SettingTable.ALL.stream()
              .filter(s -> s.section() == section)
              .map(
                  s ->
                      "| `%s` | `%s` | %s | %s | %s | %s |\n"
                          .formatted(
                              s.key(),
                              s.envName(),
                              s.type().name(),
                              shown(defaults.getValue(s.key())),
                              s.type().expected(),
                              s.description()))
              .collect(Collectors.joining()));
    }
    return md.toString();
  }

  private static String shown(Object value) {
    return "".equals(value) ? "empty" : "`" + Json.encode(value) + "`";
  }
}
