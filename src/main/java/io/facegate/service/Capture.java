package io.facegate.service;

import java.util.List;

/**
 * What a client captured for one decision: a single image, or frames in capture order, optionally
 * answering the challenge {@code challengeId} (null: none).
 */
public record Capture(List<byte[]> frames, String challengeId) {
  public Capture {
    frames = List.copyOf(frames);
  }

  public static Capture image(byte[] image) {
    return new Capture(List.of(image), null);
  }

  /** One image and no challenge: judged on passive cues only. */
  public boolean single() {
    return frames.size() == 1 && challengeId == null;
  }
}
