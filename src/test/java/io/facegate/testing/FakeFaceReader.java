package io.facegate.testing;

import io.facegate.liveness.FaceFrame;
import io.facegate.service.ErrorCode;
import io.facegate.service.FaceReader;
import io.facegate.service.FaceReading;
import io.facegate.service.FacegateException;
import io.facegate.vision.Detection;
import io.facegate.vision.FaceQuality;
import io.facegate.vision.Vectors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test fake, never used by the product: photos are names the test scripted, each read as one face
 * with the embedding the test chose, or refused with the error the real reader would raise. It lets
 * the fast tier run the service's decision rules without models.
 */
public final class FakeFaceReader implements FaceReader {
  public static final String MODEL_ID = "fake-embedder";

  /** Scripted embeddings have this many dimensions (the index must be built with the same). */
  public static final int DIMENSION = 4;

  private static final Detection BOX = new Detection(10, 10, 100, 100, 0.95f, List.of());
  private static final FaceQuality GOOD = new FaceQuality(100, 500, 128, 0, 0, 0.95);

  private final Map<String, Object> photos = new ConcurrentHashMap<>();

  /** A photo of one usable face whose embedding is {@code direction} scaled to unit length. */
  public byte[] face(String name, double... direction) {
    return script(name, unit(direction));
  }

  /**
   * A photo of one usable face that takes {@code reading} to read, as a large photo on a slow board
   * does.
   */
  public byte[] slowFace(String name, Duration reading, double... direction) {
    return script(name, new Slow(reading, unit(direction)));
  }

  private record Slow(Duration reading, float[] embedding) {}

  /**
   * A photo the reader refuses with {@code code}, as the real one does for no face, several faces
   * or low quality.
   */
  public byte[] refused(String name, ErrorCode code) {
    return script(name, code);
  }

  private byte[] script(String name, Object outcome) {
    photos.put(name, outcome);
    return name.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  @Override
  public FaceReading forEnrollment(byte[] photo) {
    return read(photo);
  }

  @Override
  public FaceReading forProbe(byte[] photo) {
    return read(photo);
  }

  /** A scripted face is the photo's one face; a scripted refusal means none. */
  @Override
  public List<FaceReading> everyFace(byte[] photo) {
    return photos.get(name(photo)) instanceof float[] ? List.of(read(photo)) : List.of();
  }

  /** Frames need a face mesh, which a scripted face does not have: frame tests run the models. */
  @Override
  public Optional<FaceFrame> frame(byte[] photo) {
    throw new UnsupportedOperationException("the fake reader cannot read liveness frames");
  }

  @Override
  public List<SurveyedFace> survey(byte[] photo) {
    return photos.get(name(photo)) instanceof float[]
        ? List.of(new SurveyedFace(BOX, GOOD, List.of()))
        : List.of();
  }

  private FaceReading read(byte[] photo) {
    String name = name(photo);
    Object outcome = photos.get(name);
    if (outcome == null) {
      throw new IllegalArgumentException("the test scripted no photo called '" + name + "'");
    }
    if (outcome instanceof Slow slow) {
      try {
        Thread.sleep(slow.reading().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      outcome = slow.embedding();
    }
    if (outcome instanceof ErrorCode code) {
      throw new FacegateException(code, name + " is scripted to be refused with " + code);
    }
    return new FaceReading(
        List.of(BOX),
        1,
        BOX,
        GOOD,
        ((float[]) outcome).clone(),
        OptionalDouble.empty(),
        Optional.empty());
  }

  private static String name(byte[] photo) {
    return new String(photo, StandardCharsets.UTF_8);
  }

  private static float[] unit(double... direction) {
    if (direction.length != DIMENSION) {
      throw new IllegalArgumentException("a scripted embedding has " + DIMENSION + " components");
    }
    float[] vector = new float[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      vector[i] = (float) direction[i];
    }
    return Vectors.normalize(vector);
  }
}
