package io.facegate.service;

import io.facegate.vision.Detection;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.ImageRejectedException;
import org.bytedeco.opencv.opencv_core.Mat;

import java.util.Comparator;
import java.util.List;

/**
 * Turns photo bytes into one face embedding under the service's rules: an enrollment photo must
 * show exactly one face; a probe photo uses its largest face. Blocking: runs on inference workers.
 */
public final class FaceReader {
  private final FacePipeline pipeline;

  public FaceReader(FacePipeline pipeline) {
    this.pipeline = pipeline;
  }

  public String modelId() {
    return pipeline.modelId();
  }

  public FaceReading forEnrollment(byte[] photo) {
    return read(photo, true);
  }

  public FaceReading forProbe(byte[] photo) {
    return read(photo, false);
  }

  private FaceReading read(byte[] photo, boolean exactlyOne) {
    try (Mat image = decode(photo)) {
      List<Detection> faces = pipeline.detect(image);
      if (faces.isEmpty()) {
        throw new FacegateException(ErrorCode.NO_FACE, "no face was found in the image");
      }
      if (exactlyOne && faces.size() > 1) {
        throw new FacegateException(ErrorCode.MULTIPLE_FACES, "the image shows " + faces.size()
            + " faces; an enrollment photo must show exactly one",
            new io.vertx.core.json.JsonObject().put("faces", faces.size()));
      }
      Detection chosen = faces.stream().max(Comparator.comparingDouble(Detection::area)).orElseThrow();
      float[] embedding = pipeline.embed(image, List.of(chosen))[0];
      return new FaceReading(faces, chosen, embedding, image.cols(), image.rows());
    }
  }

  private Mat decode(byte[] photo) {
    try {
      return pipeline.decode(photo);
    } catch (ImageRejectedException e) {
      ErrorCode code = e.reason() == ImageRejectedException.Reason.TOO_LARGE ? ErrorCode.TOO_LARGE : ErrorCode.BAD_IMAGE;
      throw new FacegateException(code, e.getMessage());
    }
  }
}
