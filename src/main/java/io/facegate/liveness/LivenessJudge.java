package io.facegate.liveness;

import io.facegate.index.DotProduct;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges a sequence of captured frames: against a challenge (active mode: the requested actions in
 * order) or on its own (motion mode: the face's 3-D motion). Both modes also require distinct
 * frames (no picture sent twice) and the same person throughout. Pure computation, thread-safe.
 */
public final class LivenessJudge {
  private static final double RESIDUAL_PERCENTILE = 0.9;
  private static final double MEDIAN = 0.5;

  private final LivenessRules rules;

  public LivenessJudge(LivenessRules rules) {
    this.rules = rules;
  }

  public Verdict challenge(List<Action> actions, List<FaceFrame> frames) {
    SequenceMeasures m = measure(frames);
    List<ActionCheck> checks = new ArrayList<>(actions.size());
    int from = 0;
    for (Action action : actions) {
      ActionCheck check = action == Action.BLINK ? blink(m, from) : turn(action, m, frames, from);
      checks.add(check);
      if (!check.passed()) {
        // Later actions must follow this one; with it missing they cannot be placed in order.
        checks.addAll(
            actions.subList(checks.size(), actions.size()).stream()
                .map(ActionCheck::missing)
                .toList());
        break;
      }
      from = check.toFrame();
    }
    boolean distinct = distinct(frames), same = samePerson(frames, m);
    double residual = sequenceResidual(frames, m);
    boolean allDone = checks.stream().allMatch(ActionCheck::passed);
    double sharpness = sharpness(frames);
    boolean sharp = sharpness >= rules.recaptureSharpness();
    return new Verdict(
        "active",
        distinct && same && allDone && sharp,
        distinct,
        same,
        residual >= rules.planarResidual(),
        residual,
        sharp,
        sharpness,
        checks,
        m);
  }

  public Verdict motion(List<FaceFrame> frames) {
    SequenceMeasures m = measure(frames);
    boolean distinct = distinct(frames), same = samePerson(frames, m);
    double residual = sequenceResidual(frames, m);
    boolean motion3d = residual >= rules.planarResidual();
    double sharpness = sharpness(frames);
    boolean sharp = sharpness >= rules.recaptureSharpness();
    return new Verdict(
        "motion",
        distinct && same && motion3d && sharp,
        distinct,
        same,
        motion3d,
        residual,
        sharp,
        sharpness,
        List.of(),
        m);
  }

  /** The median over the frames: a few frames blurred by a quick movement do not count. */
  private static double sharpness(List<FaceFrame> frames) {
    return Blinks.percentile(frames.stream().mapToDouble(FaceFrame::sharpness).toArray(), MEDIAN);
  }

  private SequenceMeasures measure(List<FaceFrame> frames) {
    if (frames.size() < rules.minFrames() || frames.size() > rules.maxFrames()) {
      throw new IllegalArgumentException(
          "liveness needs "
              + rules.minFrames()
              + " to "
              + rules.maxFrames()
              + " frames with a face; got "
              + frames.size());
    }
    return SequenceMeasures.of(frames);
  }

  private ActionCheck blink(SequenceMeasures m, int from) {
    Optional<int[]> found = Blinks.first(m.rightEye(), m.leftEye(), m.eyeChange(), from, rules);
    return found
        .map(b -> new ActionCheck(Action.BLINK, true, b[0], b[1], Double.NaN, Double.NaN))
        .orElse(ActionCheck.missing(Action.BLINK));
  }

  /**
   * The first frame from which the held yaw has moved {@code turnDegrees} toward the asked side,
   * measured from the least-turned frame before it; the turn runs on while the yaw keeps growing.
   * It passes only if the landmarks at its start and end are not one flat picture.
   */
  private ActionCheck turn(Action action, SequenceMeasures m, List<FaceFrame> frames, int from) {
    double side = action == Action.TURN_LEFT ? 1 : -1;
    double[] yaw = HeldPose.of(m.yaw());
    int start = from;
    for (int j = from + 1; j < yaw.length; j++) {
      if (side * yaw[j - 1] < side * yaw[start]) {
        start = j - 1;
      }
      if (side * (yaw[j] - yaw[start]) >= rules.turnDegrees()) {
        int end = j;
        while (end + 1 < yaw.length && side * yaw[end + 1] > side * yaw[end]) {
          end++;
        }
        double residual = Planarity.residual(frames.get(start).mesh(), frames.get(end).mesh());
        return new ActionCheck(
            action,
            residual >= rules.planarResidual(),
            start,
            end,
            side * (yaw[end] - yaw[start]),
            residual);
      }
    }
    return ActionCheck.missing(action);
  }

  /**
   * The 90th percentile of each frame's residual against the best frame, each held over its
   * neighbours (as a turn's yaw is): one misfit frame, or one frame the mesh misreads, does not
   * count.
   */
  private static double sequenceResidual(List<FaceFrame> frames, SequenceMeasures m) {
    double[] residuals = new double[frames.size()];
    for (int i = 0; i < frames.size(); i++) {
      residuals[i] =
          i == m.best() ? 0 : Planarity.residual(frames.get(m.best()).mesh(), frames.get(i).mesh());
    }
    double[] held = HeldPose.of(residuals);
    double[] others = new double[frames.size() - 1];
    for (int i = 0, k = 0; i < frames.size(); i++) {
      if (i != m.best()) {
        others[k++] = held[i];
      }
    }
    return Blinks.percentile(others, RESIDUAL_PERCENTILE);
  }

  /**
   * Each frame must look like its neighbour (a swap happens between two frames) and like the best
   * frame, wherever the two poses are close enough for the embedder to be trusted: across a large
   * pose change (a profile against a frontal view) even one person's embeddings part.
   */
  private boolean samePerson(List<FaceFrame> frames, SequenceMeasures m) {
    for (int i = 0; i < frames.size(); i++) {
      if (i > 0 && !agree(frames, m, i - 1, i)) {
        return false;
      }
      if (!agree(frames, m, m.best(), i)) {
        return false;
      }
    }
    return true;
  }

  /** True when frames a and b look like one person, or their poses are too far apart to tell. */
  private boolean agree(List<FaceFrame> frames, SequenceMeasures m, int a, int b) {
    boolean nearPose =
        Math.abs(m.yaw()[a] - m.yaw()[b]) <= rules.poseForIdentity()
            && Math.abs(m.pitch()[a] - m.pitch()[b]) <= rules.poseForIdentity();
    return !nearPose
        || DotProduct.dot(frames.get(a).embedding(), frames.get(b).embedding())
            >= rules.samePerson();
  }

  /**
   * No frame may be sent twice: a live camera never repeats a picture exactly (a re-encoded copy is
   * not caught).
   */
  private boolean distinct(List<FaceFrame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      for (int j = i + 1; j < frames.size(); j++) {
        if (Thumbnails.meanDifference(frames.get(i).thumbnail(), frames.get(j).thumbnail())
            < rules.duplicateGrey()) {
          return false;
        }
      }
    }
    return true;
  }
}
