package io.facegate.service;

import io.facegate.liveness.Challenge;
import io.facegate.liveness.ChallengeBook;
import io.facegate.liveness.FaceFrame;
import io.facegate.liveness.LivenessJudge;
import io.facegate.liveness.LivenessRules;
import io.facegate.liveness.Verdict;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Liveness for the service: issues challenges, checks a capture's shape, reads and judges its
 * frames (see {@link LivenessJudge}) and picks the frame the decision is made on. Thread-safe.
 */
public final class LivenessCheck {
  /** Open challenges kept in memory; beyond this the oldest is dropped (bounded memory). */
  private static final int OPEN_CHALLENGES = 10_000;

  private final LivenessMode setting;
  private final double passiveThreshold;
  private final LivenessRules rules = LivenessRules.defaults();
  private final LivenessJudge judge = new LivenessJudge(rules);
  private final ChallengeBook challenges;

  /**
   * @param challengeActions how many actions each challenge asks for
   * @param challengeLifetime how long a challenge may be answered
   */
  public LivenessCheck(
      LivenessMode setting,
      double passiveThreshold,
      int challengeActions,
      Duration challengeLifetime,
      Clock clock) {
    this.setting = setting;
    this.passiveThreshold = passiveThreshold;
    this.challenges =
        new ChallengeBook(clock, challengeLifetime, OPEN_CHALLENGES, challengeActions);
  }

  public LivenessMode setting() {
    return setting;
  }

  public Challenge issue() {
    return challenges.issue();
  }

  public Duration challengeLifetime() {
    return challenges.lifetime();
  }

  /** The verdict on one image, with the passive model's score of its face when it ran. */
  Liveness passive(FaceReading probe) {
    return Liveness.passive(setting, passiveThreshold).withScore(probe.spoofScore());
  }

  /**
   * Checks the capture's shape and takes its challenge out of the book, before any inference: a
   * challenge is spent even when its frames are then refused, so each can be tried once.
   */
  Optional<Challenge> claim(Capture capture) {
    int n = capture.frames().size();
    if (!capture.single() && (n < rules.minFrames() || n > rules.maxFrames())) {
      throw new FacegateException(
          ErrorCode.BAD_REQUEST,
          "send "
              + rules.minFrames()
              + " to "
              + rules.maxFrames()
              + " frames in capture order (got "
              + n
              + ")",
          new JsonObject().put("frames", n));
    }
    if (capture.challengeId() == null) {
      return Optional.empty();
    }
    return Optional.of(
        challenges
            .consume(capture.challengeId())
            .orElseThrow(
                () ->
                    new FacegateException(
                        ErrorCode.CHALLENGE_INVALID,
                        "challenge_id is unknown, expired or already used; ask POST"
                            + " /liveness/challenge for a new one")));
  }

  /** The photo to read the probe from and the verdict without the passive score. */
  record Judged(byte[] probePhoto, Liveness liveness) {}

  /** Reads and judges the frames. Blocking: runs on inference workers. */
  Judged judge(Capture capture, Optional<Challenge> challenge, FaceReader reader) {
    if (capture.single()) {
      return new Judged(capture.frames().get(0), Liveness.passive(setting, passiveThreshold));
    }
    String mode = challenge.isPresent() ? "active" : "motion";
    List<FaceFrame> faces = new ArrayList<>();
    List<byte[]> photos = new ArrayList<>();
    for (int i = 0; i < capture.frames().size(); i++) {
      byte[] frame = capture.frames().get(i);
      try {
        reader
            .frame(frame)
            .ifPresent(
                face -> {
                  faces.add(face);
                  photos.add(frame);
                });
      } catch (FacegateException e) {
        throw new FacegateException(
            e.code(), "frame " + i + ": " + e.getMessage(), e.details().copy().put("frame", i));
      }
    }
    if (faces.isEmpty()) {
      throw new FacegateException(ErrorCode.NO_FACE, "no frame shows a face");
    }
    if (faces.size() < rules.minFrames()) {
      int clearest = 0;
      for (int i = 1; i < faces.size(); i++) {
        clearest =
            faces.get(i).detectorScore() > faces.get(clearest).detectorScore() ? i : clearest;
      }
      return new Judged(
          photos.get(clearest),
          Liveness.unjudged(
              setting,
              mode,
              passiveThreshold,
              "only "
                  + faces.size()
                  + " of "
                  + capture.frames().size()
                  + " frames show a face; at least "
                  + rules.minFrames()
                  + " must"));
    }
    Verdict verdict =
        challenge
            .map(c -> judge.challenge(c.actions(), faces))
            .orElseGet(() -> judge.motion(faces));
    return new Judged(
        photos.get(verdict.measures().best()), Liveness.judged(setting, verdict, passiveThreshold));
  }
}
