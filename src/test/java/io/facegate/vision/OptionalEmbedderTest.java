package io.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.config.FacegateConfig;
import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.testing.TestPhotos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code embedder=fr_feature}: the optional 512-D embedder loads, reports its own id and separates
 * people.
 */
@ModelsTier
class OptionalEmbedderTest {
  private static FacePipeline pipeline;
  private static final List<String> names = new ArrayList<>();
  private static final List<float[]> embeddings = new ArrayList<>();

  @BeforeAll
  static void embedEveryPortrait() {
    FacegateConfig config = Models.defaults().with("embedder", "fr_feature");
    pipeline = FacePipeline.load(config.pipeline().models(), config.pipelineSettings());
    for (Map.Entry<String, List<Path>> person : TestPhotos.people().entrySet()) {
      for (Path photo : person.getValue()) {
        try (Mat image = pipeline.decode(TestPhotos.read(photo))) {
          names.add(person.getKey());
          embeddings.add(pipeline.embed(image, pipeline.detect(image).subList(0, 1))[0]);
        }
      }
    }
  }

  @AfterAll
  static void close() {
    pipeline.close();
  }

  @Test
  void itsIdAndDimensionFollowTheModel() {
    assertEquals(512, pipeline.dimension());
    assertTrue(pipeline.modelId().startsWith("fr_feature@"), pipeline.modelId());
    assertEquals(
        pipeline.modelId(),
        EmbedderChoice.FR_FEATURE.modelId(ModelRepository.directory(Path.of("models"))));
  }

  @Test
  void embeddingsAreUnitLength512() {
    for (float[] e : embeddings) {
      assertEquals(512, e.length);
      assertEquals(1.0, Math.sqrt(EmbeddingSeparationTest.cosine(e, e)), 1e-4);
    }
  }

  @Test
  void everySamePersonPairScoresAboveEveryDifferentPersonPair() {
    List<Double> same = new ArrayList<>();
    List<Double> different = new ArrayList<>();
    for (int i = 0; i < embeddings.size(); i++) {
      for (int j = i + 1; j < embeddings.size(); j++) {
        (names.get(i).equals(names.get(j)) ? same : different)
            .add(EmbeddingSeparationTest.cosine(embeddings.get(i), embeddings.get(j)));
      }
    }
    assertTrue(
        Collections.min(same) > Collections.max(different),
        "same-person min "
            + Collections.min(same)
            + ", different-person max "
            + Collections.max(different));
    assertTrue(
        EmbeddingSeparationTest.mean(different) < 0.15,
        "different-person mean " + EmbeddingSeparationTest.mean(different));
  }

  /**
   * The file fixes its batch at 1, so several faces are embedded one run each: the same as one at a
   * time.
   */
  @Test
  void severalFacesGiveTheSameEmbeddingsAsOneByOne() {
    try (Mat image = pipeline.decode(TestPhotos.bytes("compreface/_cases/group/015_6.jpg"))) {
      List<Detection> faces = pipeline.detect(image);
      float[][] together = pipeline.embed(image, faces);
      assertEquals(faces.size(), together.length);
      for (int i = 0; i < faces.size(); i++) {
        float[] single = pipeline.embed(image, faces.subList(i, i + 1))[0];
        assertEquals(1.0, EmbeddingSeparationTest.cosine(together[i], single), 1e-5);
      }
    }
  }
}
