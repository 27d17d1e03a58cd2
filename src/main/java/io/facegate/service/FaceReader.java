package io.facegate.service;

import io.facegate.liveness.FaceFrame;
import io.facegate.vision.Detection;
import io.facegate.vision.FaceQuality;
import java.util.List;
import java.util.Optional;

/**
 * Turns photo bytes into faces: the one seam between the service's decision rules and the models,
 * so those rules can be exercised without running a network. Blocking: the service calls it on
 * inference workers. {@link PipelineFaceReader} is the product's implementation.
 */
public interface FaceReader {
  /** Which embedder the readings come from (stored with each enrollment). */
  String modelId();

  /**
   * The one whole face of an enrollment photo with its embedding. Throws {@link FacegateException}
   * with NO_FACE, MULTIPLE_FACES, LOW_QUALITY, BAD_IMAGE or TOO_LARGE when the photo cannot be
   * enrolled.
   */
  FaceReading forEnrollment(byte[] photo);

  /**
   * The face a probe photo is of, with its embedding; throws like {@link #forEnrollment} (never
   * MULTIPLE_FACES).
   */
  FaceReading forProbe(byte[] photo);

  /**
   * A probe reading of every usable face in the photo, largest first, their embeddings computed in
   * one batch; an empty list when the photo shows none. Throws BAD_IMAGE or TOO_LARGE like {@link
   * #forProbe}.
   */
  List<FaceReading> everyFace(byte[] photo);

  /**
   * One frame of a capture as liveness reads it: its largest face with mesh and embedding, no
   * quality rules (the probe frame is read again by {@link #forProbe}); empty when it shows no
   * face. Throws BAD_IMAGE or TOO_LARGE like {@link #forProbe}.
   */
  Optional<FaceFrame> frame(byte[] photo);

  /**
   * Every face in the photo, largest first, judged by the verification bounds; none is an empty
   * list.
   */
  List<SurveyedFace> survey(byte[] photo);

  /** A face found by {@link #survey}: where it is, its quality, and why it would not be used. */
  record SurveyedFace(Detection face, FaceQuality quality, List<String> problems) {}
}
