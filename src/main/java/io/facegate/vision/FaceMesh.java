package io.facegate.vision;

/**
 * The face mesh's 468 landmarks in the photo's pixels, with the model's depth (same scale as x and
 * y, smaller is nearer the camera). Indices are MediaPipe's canonical face mesh; "left" and "right"
 * in their names are the subject's own.
 */
public record FaceMesh(float[] xyz) {
  public static final int POINTS = 468;

  public FaceMesh {
    if (xyz.length != POINTS * 3) {
      throw new IllegalArgumentException(
          "a face mesh has " + POINTS + " points, got " + xyz.length / 3.0);
    }
  }

  public float x(int index) {
    return xyz[3 * index];
  }

  public float y(int index) {
    return xyz[3 * index + 1];
  }

  public float z(int index) {
    return xyz[3 * index + 2];
  }

  public Point point(int index) {
    return new Point(x(index), y(index));
  }

  public double distance(int a, int b) {
    return Math.hypot(x(a) - x(b), y(a) - y(b));
  }
}
