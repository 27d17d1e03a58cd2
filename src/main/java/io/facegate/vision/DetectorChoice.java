package io.facegate.vision;

import java.util.List;
import java.util.Locale;

/**
 * Which BlazeFace models look for faces, in order: the next one is asked only when the previous one
 * found nothing. Short range is trained on faces filling the frame, full range on smaller ones.
 */
public enum DetectorChoice {
  /** Short range only. */
  FRONT(List.of(BlazeFace.SHORT_RANGE)),
  /**
   * Full range, then short range: the full-range model sometimes scores a large or tilted face
   * below the threshold, and the short-range one costs a few ms only on photos where the first
   * found nothing.
   */
  BACK(List.of(BlazeFace.FULL_RANGE, BlazeFace.SHORT_RANGE)),
  /**
   * Short range, then full range: the cheaper model first, for cameras where faces usually fill the
   * frame.
   */
  FRONT_THEN_BACK(List.of(BlazeFace.SHORT_RANGE, BlazeFace.FULL_RANGE));

  /** One BlazeFace model file and its square input size. */
  public enum BlazeFace {
    SHORT_RANGE("blazeface-front.onnx", 128),
    FULL_RANGE("blazeface-back.onnx", 256);

    private final String file;
    private final int inputSize;

    BlazeFace(String file, int inputSize) {
      this.file = file;
      this.inputSize = inputSize;
    }

    public String file() {
      return file;
    }

    public int inputSize() {
      return inputSize;
    }
  }

  private final List<BlazeFace> order;

  DetectorChoice(List<BlazeFace> order) {
    this.order = order;
  }

  /** The models asked, first to last. */
  public List<BlazeFace> order() {
    return order;
  }

  /** The value of the {@code detector} setting that selects this choice. */
  public String setting() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** E.g. {@code back (256 px, then 128 px)}. */
  public String describe() {
    return setting()
        + " ("
        + String.join(", then ", order.stream().map(m -> m.inputSize() + " px").toList())
        + ")";
  }

  public static DetectorChoice parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (DetectorChoice c : values()) {
      if (c.setting().equals(wanted)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "detector must be 'front', 'back' or 'front-then-back', got '" + value + "'");
  }
}
