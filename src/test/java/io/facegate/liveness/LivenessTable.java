package io.facegate.liveness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measurements and decisions per shared sequence, and APCER/BPCER in ISO/IEC 30107-3 terms:
 * APCER = share of attack presentations accepted, per attack kind; BPCER = share of bona fide
 * presentations rejected. Markdown, for docs/liveness.md.
 */
final class LivenessTable {
  private static final List<List<Action>> SINGLE_ACTIONS =
      List.of(List.of(Action.BLINK), List.of(Action.TURN_LEFT), List.of(Action.TURN_RIGHT));

  private LivenessTable() {}

  static String render(
      List<SharedClips.Clip> clips, Map<String, List<Action>> answers, LivenessJudge judge) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| sequence | kind | frames (face/files) | EAR min-max | yaw range | pitch range | residual | sharpness | distinct | same person | "
            + "motion | blink | turn_left | turn_right | answers its challenge |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    Map<String, int[]> motion = new LinkedHashMap<>(), active = new LinkedHashMap<>();
    for (SharedClips.Clip clip : clips) {
      if (clip.frames().size() < 3) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d/%d | too few faces to judge ||||||||||%n",
                clip.name(),
                clip.kind(),
                clip.frames().size(),
                clip.frameFiles()));
        continue;
      }
      Verdict m = judge.motion(clip.frames());
      List<Boolean> single = new ArrayList<>();
      for (List<Action> challenge : SINGLE_ACTIONS) {
        single.add(judge.challenge(challenge, clip.frames()).passed());
      }
      boolean bonaFide = clip.kind().equals("bona fide");
      String answer = "";
      if (bonaFide && answers.containsKey(clip.name())) {
        boolean passed = judge.challenge(answers.get(clip.name()), clip.frames()).passed();
        answer = names(answers.get(clip.name())) + ": " + (passed ? "pass" : "FAIL");
        count(active, clip.kind(), !passed);
      } else if (!bonaFide) {
        single.forEach(p -> count(active, clip.kind(), p));
      }
      count(motion, clip.kind(), bonaFide != m.passed());
      double[] eye = m.measures().closerEye();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d/%d | %.2f-%.2f | %.0f | %.0f | %.3f | %.3f | %s | %s | %s | %s | %s | %s | %s |%n",
              clip.name(),
              clip.kind(),
              clip.frames().size(),
              clip.frameFiles(),
              min(eye),
              max(eye),
              m.measures().yawRange(),
              m.measures().pitchRange(),
              m.residual(),
              m.sharpness(),
              yes(m.distinctFrames()),
              yes(m.samePerson()),
              word(m.passed()),
              word(single.get(0)),
              word(single.get(1)),
              word(single.get(2)),
              answer));
    }
    out.append("\n| presentations | motion mode | challenge mode |\n|---|---|---|\n");
    for (String kind : motion.keySet()) {
      String rate = kind.equals("bona fide") ? "BPCER" : "APCER " + kind;
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s |%n",
              rate,
              fraction(motion.get(kind)),
              fraction(active.getOrDefault(kind, new int[2]))));
    }
    return out.toString();
  }

  /** counts[0]: errors (attack accepted or bona fide rejected), counts[1]: presentations. */
  private static void count(Map<String, int[]> counts, String kind, boolean error) {
    int[] c = counts.computeIfAbsent(kind, k -> new int[2]);
    c[0] += error ? 1 : 0;
    c[1]++;
  }

  private static String fraction(int[] c) {
    return c[1] == 0
        ? "n/a"
        : String.format(Locale.ROOT, "%d/%d = %.0f%%", c[0], c[1], 100.0 * c[0] / c[1]);
  }

  private static String names(List<Action> actions) {
    return String.join("+", actions.stream().map(Action::wireName).toList());
  }

  private static String yes(boolean value) {
    return value ? "yes" : "NO";
  }

  private static String word(boolean passed) {
    return passed ? "pass" : "fail";
  }

  private static double min(double[] v) {
    double m = Double.MAX_VALUE;
    for (double x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  private static double max(double[] v) {
    double m = -Double.MAX_VALUE;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }
}
