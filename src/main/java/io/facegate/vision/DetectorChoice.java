package io.facegate.vision;

/**
 * The two BlazeFace variants: short range for faces filling the frame, full range for smaller ones.
 */
public enum DetectorChoice {
  FRONT("blazeface-front.onnx", 128),
  BACK("blazeface-back.onnx", 256);

  private final String file;
  private final int inputSize;

  DetectorChoice(String file, int inputSize) {
    this.file = file;
    this.inputSize = inputSize;
  }

  public String file() {
    return file;
  }

  public int inputSize() {
    return inputSize;
  }

  public static DetectorChoice parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("detector must be 'front' or 'back', got '" + value + "'");
    }
  }
}
