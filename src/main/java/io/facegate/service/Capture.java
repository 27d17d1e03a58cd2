package io.facegate.service;

import java.util.List;

/**
 * What a client captured for one decision: one image, or frames in capture order ({@code
 * asFrames}), optionally answering the challenge {@code challengeId} (null: none).
 */
public record Capture(List<byte[]> frames, String challengeId, boolean asFrames) {
  public Capture {
    frames = List.copyOf(frames);
  }

  public static Capture image(byte[] image) {
    return new Capture(List.of(image), null, false);
  }

  /** One image: judged on passive cues only. */
  public boolean single() {
    return !asFrames;
  }
}
