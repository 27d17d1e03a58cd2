package io.facegate.vision;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where model files are read from: an operator's directory when one is configured, otherwise the
 * copies embedded in the jar by the build (so {@code java -jar facegate.jar} works anywhere).
 */
public final class ModelRepository {
  private final Optional<Path> directory;

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

  public byte[] read(String fileName) {
    if (directory.isPresent()) {
      Path file = directory.get().resolve(fileName);
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("model file " + file.toAbsolutePath()
            + " is missing; run scripts/fetch-models.sh or fix FACEGATE_MODELS_DIR");
      }
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read model file " + file, e);
      }
    }
    try (InputStream in = ModelRepository.class.getResourceAsStream("/models/" + fileName)) {
      if (in == null) {
        throw new IllegalStateException("model " + fileName + " is not embedded in this build; "
            + "run scripts/fetch-models.sh and rebuild, or set FACEGATE_MODELS_DIR");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String describe() {
    return directory.map(d -> d.toAbsolutePath().toString()).orElse("embedded in the jar");
  }
}
