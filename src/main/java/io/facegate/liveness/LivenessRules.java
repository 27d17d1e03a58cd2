package io.facegate.liveness;

/**
 * The thresholds of the frame-sequence checks. The defaults come from the geometry of a head and
 * the model's noise, not from any clip; docs/liveness.md shows how they fare.
 *
 * @param closedFraction an eye counts as closed below this share of its open level (the clip's 80th
 *     percentile): the face mesh draws a shut eye at about half its open aspect ratio, a squint or
 *     a glance down at about 0.8
 * @param reopenedFraction and open again from this share; below it, both eyes also count as closed
 *     when their pixels changed {@code eyeChange} times more than the rest of the face
 * @param eyeChange how many times more the eyes' pixels must depart from their usual look than the
 *     most-changed reference region (nose, cheeks, forehead) of the same face: a print, moved or
 *     bent, changes its eyes about as much as its cheeks (ratio about 1)
 * @param turnDegrees the yaw change a turn must show; a deliberate turn is 30-45 degrees, the
 *     face's wandering while talking mostly stays under 15
 * @param planarResidual the homography residual (inter-ocular distances) above which two views are
 *     not one flat picture: the mesh's jitter between frames of a still face is 0.005-0.02, the
 *     nose tip of a head turned 20 degrees moves about 0.2 relative to the outline, leaving about
 *     0.1 after the best homography; 0.05 lies between them
 * @param samePerson cosine similarity every frame must reach against its neighbour and against the
 *     best frame, when within {@code poseForIdentity} degrees of their pose: one different person
 *     in 10 reaches 0.22 against a face (LFW impostor pairs), and a face swapped in mid-sequence
 *     must pass that test against every neighbouring and every near-pose frame; a blink or motion
 *     blur in a small face already pulls one person's own frames down to about 0.3
 * @param poseForIdentity the pose difference within which the embedder is trusted to recognise a
 *     face
 * @param duplicateGrey mean absolute difference (grey levels, 0-255) of two 32x32 face thumbnails
 *     under which the frames count as the same picture sent twice: consecutive video frames of a
 *     still face differ by 0.6 or more; a JPEG re-encoding of one frame differs by about 1, so this
 *     catches a frame sent again, not a re-encoded copy
 * @param recaptureSharpness the frames' median {@link Sharpness} under which the face counts as
 *     filmed off a screen: faces filmed once (webcams, phones, 100-330 px faces, some moving) keep
 *     0.1 or more, screen replays blurred by the second capture fall to 0.03-0.06; the bar sits
 *     twice below the live faces, so a soft but real camera keeps a margin
 */
public record LivenessRules(
    double closedFraction,
    double reopenedFraction,
    double eyeChange,
    double turnDegrees,
    double planarResidual,
    double samePerson,
    double poseForIdentity,
    double duplicateGrey,
    double recaptureSharpness,
    int minFrames,
    int maxFrames) {

  public static LivenessRules defaults() {
    return new LivenessRules(0.7, 0.85, 1.35, 20, 0.05, 0.22, 25, 0.3, 0.05, 3, 30);
  }
}
