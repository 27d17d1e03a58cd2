package io.facegate.liveness;

import java.util.List;

/**
 * Per-frame measurements of one sequence, computed once: each eye's aspect ratio, how much more the
 * eyes changed than the rest of the face ({@link EyeChange}), yaw, pitch, and the frame with the
 * detector's most confident face (the probe and identity anchor).
 */
public record SequenceMeasures(
    double[] rightEye,
    double[] leftEye,
    double[] eyeChange,
    double[] yaw,
    double[] pitch,
    int best) {

  public static SequenceMeasures of(List<FaceFrame> frames) {
    int n = frames.size();
    double[] right = new double[n],
        left = new double[n],
        yaw = new double[n],
        pitch = new double[n];
    int best = 0;
    for (int i = 0; i < n; i++) {
      FaceFrame frame = frames.get(i);
      right[i] = EyeOpenness.right(frame.mesh());
      left[i] = EyeOpenness.left(frame.mesh());
      yaw[i] = HeadPose.yaw(frame.face());
      pitch[i] = HeadPose.pitch(frame.mesh());
      best = frame.detectorScore() > frames.get(best).detectorScore() ? i : best;
    }
    double[] eyeChange = EyeChange.of(frames.stream().map(FaceFrame::regions).toList());
    return new SequenceMeasures(right, left, eyeChange, yaw, pitch, best);
  }

  public int frames() {
    return yaw.length;
  }

  public double yawRange() {
    return range(yaw);
  }

  public double pitchRange() {
    return range(pitch);
  }

  /** The smaller of the two eyes' aspect ratios, per frame: what a blink must push down. */
  public double[] closerEye() {
    double[] out = new double[rightEye.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.min(rightEye[i], leftEye[i]);
    }
    return out;
  }

  static double range(double[] values) {
    double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return max - min;
  }
}
