package io.facegate.vision;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where model files are read from: an operator's directory when one is configured, otherwise the
 * copies embedded in the jar by the build (so {@code java -jar facegate.jar} works anywhere).
 *
 * <p>A file listed in the {@code manifest.json} beside it (written by scripts/fetch-models.sh) must
 * have the sha256 recorded there: a truncated or swapped model would otherwise load and silently
 * produce embeddings in another space, or garbage.
 */
public final class ModelRepository {
  private static final String MANIFEST = "manifest.json";

  private final Optional<Path> directory;
  private Map<String, String> pinned;
  private Map<String, List<String>> former;

  private ModelRepository(Optional<Path> directory) {
    this.directory = directory;
  }

  public static ModelRepository embedded() {
    return new ModelRepository(Optional.empty());
  }

  public static ModelRepository directory(Path dir) {
    return new ModelRepository(Optional.of(dir));
  }

  /** An empty setting means the embedded models. */
  public static ModelRepository fromSetting(String dir) {
    return dir == null || dir.isBlank() ? embedded() : directory(Path.of(dir));
  }

  /** The file's bytes, after checking them against the manifest's sha256 when it lists the file. */
  public byte[] read(String fileName) {
    byte[] bytes = readUnchecked(fileName);
    String expected = pinned().get(fileName);
    if (expected != null) {
      String actual = ModelId.sha256(bytes);
      if (!actual.equals(expected)) {
        throw new IllegalStateException(
            "model file "
                + fileName
                + " ("
                + describe()
                + ") has sha256 "
                + actual
                + " but "
                + MANIFEST
                + " pins "
                + expected
                + ": the file is damaged or replaced; "
                + "run scripts/fetch-models.sh (and rebuild for the embedded models) or fix FACEGATE_MODELS_DIR");
      }
    }
    return bytes;
  }

  /**
   * sha256s of earlier files for {@code fileName} that compute the same outputs bit for bit (the
   * manifest's {@code formerSha256}): what a stored embedding's model id may still name.
   */
  public synchronized List<String> formerSha256(String fileName) {
    pinned();
    return former.getOrDefault(fileName, List.of());
  }

  private synchronized Map<String, String> pinned() {
    if (pinned == null) {
      pinned = new HashMap<>();
      former = new HashMap<>();
      byte[] manifest =
          directory.isPresent()
              ? (Files.isRegularFile(directory.get().resolve(MANIFEST))
                  ? readUnchecked(MANIFEST)
                  : null)
              : resource(MANIFEST);
      if (manifest != null) {
        new JsonObject(new String(manifest, StandardCharsets.UTF_8))
            .getJsonArray("models")
            .forEach(
                m -> {
                  JsonObject model = (JsonObject) m;
                  pinned.put(model.getString("file"), model.getString("sha256"));
                  JsonArray earlier = model.getJsonArray("formerSha256");
                  if (earlier != null) {
                    former.put(
                        model.getString("file"), earlier.stream().map(String.class::cast).toList());
                  }
                });
      }
    }
    return pinned;
  }

  private byte[] readUnchecked(String fileName) {
    if (directory.isPresent()) {
      Path file = directory.get().resolve(fileName);
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException(
            "model file "
                + file.toAbsolutePath()
                + " is missing; run scripts/fetch-models.sh or fix FACEGATE_MODELS_DIR");
      }
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read model file " + file, e);
      }
    }
    byte[] embedded = resource(fileName);
    if (embedded == null) {
      throw new IllegalStateException(
          "model "
              + fileName
              + " is not embedded in this build; "
              + "run scripts/fetch-models.sh and rebuild, or set FACEGATE_MODELS_DIR");
    }
    return embedded;
  }

  /** A file embedded under /models in the jar, or null. */
  private static byte[] resource(String fileName) {
    try (InputStream in = ModelRepository.class.getResourceAsStream("/models/" + fileName)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String describe() {
    return directory.map(d -> d.toAbsolutePath().toString()).orElse("embedded in the jar");
  }
}
