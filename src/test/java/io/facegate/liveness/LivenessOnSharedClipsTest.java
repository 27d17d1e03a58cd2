package io.facegate.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.facegate.config.FacegateConfig;
import io.facegate.testing.EvaluationTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The judge on the real sequences of shared/faces/liveness (read in place, never copied). Prints
 * the per-sequence table and APCER/BPCER for docs/liveness.md.
 */
@EvaluationTier
class LivenessOnSharedClipsTest {
  /**
   * Challenges each live clip honestly answers, from the MANIFEST's annotations. Turns are in the
   * subject's terms on unmirrored frames: a face that turns toward the image's right turns to its
   * own left.
   */
  static final Map<String, List<Action>> ANSWERS =
      Map.of(
          "tvl_real_turn", List.of(Action.TURN_LEFT),
          "lp_d12_man", List.of(Action.TURN_LEFT),
          "zub_real_turn_a", List.of(Action.TURN_RIGHT, Action.TURN_LEFT),
          "zub_real_turn_b", List.of(Action.TURN_RIGHT),
          "lp_d9_man_glasses_webcam", List.of(Action.BLINK),
          "st_aoc_talking", List.of(Action.BLINK),
          "st_menendez_talking", List.of(Action.BLINK),
          "st_radio2_woman_talking", List.of(Action.BLINK),
          "vr4_woman_talking", List.of(Action.BLINK));

  private static final LivenessJudge JUDGE = new LivenessJudge(LivenessRules.defaults());

  @BeforeAll
  static void sharedClips() {
    assumeTrue(
        SharedClips.present(),
        "shared/faces/liveness is absent: set FACEGATE_SHARED_FACES to run these");
  }

  @AfterAll
  static void printTable() {
    if (SharedClips.present()) {
      System.out.println(LivenessTable.render(SharedClips.all(), ANSWERS, JUDGE));
    }
  }

  @Test
  void liveClipsPassTheChallengesTheyShow() {
    StringBuilder failures = new StringBuilder();
    ANSWERS.forEach(
        (name, actions) -> {
          Verdict v = JUDGE.challenge(actions, SharedClips.named(name).frames());
          if (!v.passed()) {
            failures
                .append(name)
                .append(' ')
                .append(actions)
                .append(": passed ")
                .append(v.passed())
                .append(", distinct ")
                .append(v.distinctFrames())
                .append(", same person ")
                .append(v.samePerson())
                .append(", ")
                .append(v.actions())
                .append('\n');
          }
        });
    assertTrue(failures.isEmpty(), failures.toString());
  }

  /**
   * The server's default challenge asks for two actions, consecutive ones different: six possible
   * challenges. No print, screen or replay passes any of them (with one action the Zalo screen
   * replay passes turn_left, docs/liveness.md).
   */
  @Test
  void attacksFailEveryChallengeOfTheDefaultLength() {
    int length = FacegateConfig.load(Map.of()).decisions().challengeActions();
    assertEquals(2, length, "the default this test covers");
    List<String> passed = new ArrayList<>();
    int tried = 0;
    for (SharedClips.Clip clip : SharedClips.all()) {
      if (clip.kind().equals("bona fide")) {
        continue;
      }
      for (Action first : Action.values()) {
        for (Action second : Action.values()) {
          if (first != second) {
            tried++;
            if (JUDGE.challenge(List.of(first, second), clip.frames()).passed()) {
              passed.add(clip.name() + " " + first + "," + second);
            }
          }
        }
      }
    }
    assertTrue(tried >= 6 * 15, "attack clips tried: " + tried / 6);
    assertEquals(List.of(), passed);
  }

  @Test
  void aFrameSentTwiceIsRefused() {
    List<FaceFrame> frames = new ArrayList<>(SharedClips.named("tvl_real_turn").frames());
    frames.set(6, frames.get(5));
    Verdict verdict = JUDGE.challenge(List.of(Action.TURN_LEFT), frames);
    assertFalse(verdict.distinctFrames());
    assertFalse(verdict.passed());
  }

  @Test
  void theLiveClipsThemselvesHaveNoRepeatedFrames() {
    for (SharedClips.Clip clip : SharedClips.all()) {
      // NUAA client 0007's crops are one picture repeated in the source; refusing it is right.
      if (clip.kind().equals("bona fide") && !clip.name().equals("nuaa_client_0007")) {
        assertTrue(JUDGE.motion(clip.frames()).distinctFrames(), clip.name());
      }
    }
  }
}
