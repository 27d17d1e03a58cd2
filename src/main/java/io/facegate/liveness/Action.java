package io.facegate.liveness;

import java.util.Locale;

/**
 * What a challenge asks the person to do. Turns are in the subject's own terms: {@code turn_left}
 * means the person turns their head to their own left, so in the camera's unmirrored frame the nose
 * moves toward the image's right edge. Frames must be sent as the camera captured them, not as a
 * mirrored preview shows them.
 */
public enum Action {
  BLINK,
  TURN_LEFT,
  TURN_RIGHT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Action parse(String value) {
    for (Action action : values()) {
      if (action.wireName().equals(value)) {
        return action;
      }
    }
    throw new IllegalArgumentException(
        "action must be blink, turn_left or turn_right; got '" + value + "'");
  }
}
