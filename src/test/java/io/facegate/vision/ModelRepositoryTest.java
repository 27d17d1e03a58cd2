package io.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.ModelsTier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model must be the file its manifest pins, and a missing one is named. */
@ModelsTier
class ModelRepositoryTest {
  private static final byte[] MODEL = "the real model".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private void manifestPinning(byte[] bytes) throws Exception {
    Files.writeString(
        dir.resolve("manifest.json"),
        "{\"models\": [{\"file\": \"net.onnx\", \"sha256\": \"" + ModelId.sha256(bytes) + "\"}]}");
  }

  @Test
  void aFileMatchingItsPinIsRead() throws Exception {
    Files.write(dir.resolve("net.onnx"), MODEL);
    manifestPinning(MODEL);
    assertArrayEquals(MODEL, ModelRepository.directory(dir).read("net.onnx"));
  }

  @Test
  void aTamperedFileIsRefusedNamingItAndTheFix() throws Exception {
    Files.write(dir.resolve("net.onnx"), "a tampered model".getBytes(StandardCharsets.UTF_8));
    manifestPinning(MODEL);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> ModelRepository.directory(dir).read("net.onnx"));
    assertTrue(
        e.getMessage().contains("net.onnx")
            && e.getMessage().contains("sha256")
            && e.getMessage().contains(ModelId.sha256(MODEL))
            && e.getMessage().contains("fetch-models.sh"),
        e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() throws Exception {
    manifestPinning(MODEL);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> ModelRepository.directory(dir).read("net.onnx"));
    assertTrue(
        e.getMessage().contains(dir.resolve("net.onnx").toAbsolutePath().toString()),
        e.getMessage());
  }

  @Test
  void formerFilesOfAModelAreListedAndNoneOtherwise() throws Exception {
    Files.writeString(
        dir.resolve("manifest.json"),
        "{\"models\": [{\"file\": \"net.onnx\", \"sha256\": \""
            + ModelId.sha256(MODEL)
            + "\", \"formerSha256\": [\"0123456789abcdef\"]}]}");
    ModelRepository models = ModelRepository.directory(dir);
    assertEquals(List.of("0123456789abcdef"), models.formerSha256("net.onnx"));
    assertEquals(List.of(), models.formerSha256("other.onnx"));
    assertEquals("net@0123456789ab", ModelId.of("net.onnx", "0123456789abcdef"));
  }

  @Test
  void theShippedModelsMatchTheirManifest() {
    // models/ as the build leaves it: every file the pipeline loads passes the check.
    ModelRepository models = ModelRepository.directory(Path.of("models"));
    for (String file :
        new String[] {"blazeface-back.onnx", "blazeface-front.onnx", "mobilefacenet.onnx"}) {
      assertTrue(models.read(file).length > 0);
    }
  }
}
