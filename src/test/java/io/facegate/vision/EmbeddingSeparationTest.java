package io.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.testing.TestPhotos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline (decode, detect, align, embed with the converted MobileFaceNet) separates
 * people on real photos it was never tuned on.
 */
@ModelsTier
class EmbeddingSeparationTest {
  static final List<String> names = new ArrayList<>();
  static final List<float[]> embeddings = new ArrayList<>();
  static final List<Double> same = new ArrayList<>();
  static final List<Double> different = new ArrayList<>();

  @BeforeAll
  static void embedEveryPortrait() {
    FacePipeline pipeline = Models.pipeline();
    for (Map.Entry<String, List<Path>> person : TestPhotos.people().entrySet()) {
      for (Path photo : person.getValue()) {
        try (Mat image = pipeline.decode(TestPhotos.read(photo))) {
          List<Detection> faces = pipeline.detect(image);
          names.add(person.getKey());
          embeddings.add(pipeline.embed(image, faces.subList(0, 1))[0]);
        }
      }
    }
    for (int i = 0; i < embeddings.size(); i++) {
      for (int j = i + 1; j < embeddings.size(); j++) {
        (names.get(i).equals(names.get(j)) ? same : different)
            .add(cosine(embeddings.get(i), embeddings.get(j)));
      }
    }
    System.out.printf(
        "same-person pairs %d mean %.3f min %.3f; different-person pairs %d mean %.3f max %.3f%n",
        same.size(),
        mean(same),
        Collections.min(same),
        different.size(),
        mean(different),
        Collections.max(different));
  }

  @Test
  void embeddingsAreUnitLength() {
    for (float[] e : embeddings) {
      assertEquals(FaceEmbedder.DIMENSION, e.length);
      assertEquals(1.0, Math.sqrt(cosine(e, e)), 1e-4);
    }
  }

  @Test
  void samePersonIsCloseAndDifferentPeopleAreFar() {
    assertTrue(mean(same) >= 0.6, "same-person mean " + mean(same));
    assertTrue(mean(different) <= 0.15, "different-person mean " + mean(different));
  }

  @Test
  void everySamePersonPairBeatsTheMedianStrangerPair() {
    List<Double> sorted = new ArrayList<>(different);
    Collections.sort(sorted);
    double median = sorted.get(sorted.size() / 2);
    for (double s : same) {
      assertTrue(s > median, "same-person pair " + s + " vs median different-person " + median);
    }
  }

  @Test
  void batchingGivesTheSameEmbeddingsAsOneByOne() {
    FacePipeline pipeline = Models.pipeline();
    try (Mat image = pipeline.decode(TestPhotos.bytes("compreface/_cases/group/015_6.jpg"))) {
      List<Detection> faces = pipeline.detect(image);
      float[][] batch = pipeline.embed(image, faces);
      for (int i = 0; i < faces.size(); i++) {
        float[] single = pipeline.embed(image, faces.subList(i, i + 1))[0];
        assertEquals(1.0, cosine(batch[i], single), 1e-5);
      }
    }
  }

  static double cosine(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
