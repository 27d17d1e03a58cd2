package io.facegate.liveness;

import io.facegate.vision.Detection;
import io.facegate.vision.FaceMesh;
import io.facegate.vision.FacePipeline;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One captured frame to a {@link FaceFrame}, through the server's own pipeline: the largest face,
 * its mesh and its embedding. Blocking (model inference): call it on a worker thread.
 */
public final class FrameReader {
  private final FacePipeline pipeline;

  public FrameReader(FacePipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** Empty when the frame shows no face. */
  public Optional<FaceFrame> read(byte[] imageBytes) {
    try (Mat bgr = pipeline.decode(imageBytes)) {
      return read(bgr);
    }
  }

  public Optional<FaceFrame> read(Mat bgr) {
    Optional<Detection> largest =
        pipeline.detectFullRangeFirst(bgr).stream()
            .max(Comparator.comparingDouble(Detection::area));
    if (largest.isEmpty()) {
      return Optional.empty();
    }
    Detection face = largest.get();
    FaceMesh mesh =
        pipeline
            .mesh(bgr, face)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "frame liveness needs the face mesh: set alignment to 'mesh'"));
    float[] embedding = pipeline.embed(bgr, List.of(face))[0];
    return Optional.of(
        new FaceFrame(
            face,
            mesh,
            embedding,
            Thumbnails.of(bgr, face),
            Sharpness.of(bgr, face),
            FaceRegions.of(bgr, mesh)));
  }
}
