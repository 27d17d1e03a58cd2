package io.facegate.vision;

import java.util.List;

/**
 * One face found by the detector, in the original photo's pixels. Key points, in order: the
 * subject's right eye (image left), left eye, nose tip, mouth centre, right ear tragion, left ear
 * tragion.
 */
public record Detection(
    float x, float y, float width, float height, float score, List<Point> keypoints) {
  public static final int RIGHT_EYE = 0;
  public static final int LEFT_EYE = 1;
  public static final int NOSE = 2;
  public static final int MOUTH = 3;
  public static final int RIGHT_EAR = 4;
  public static final int LEFT_EAR = 5;

  public Point keypoint(int which) {
    return keypoints.get(which);
  }

  /**
   * The same face in a photo {@code factor} times larger (a reduced decode's detection, in the
   * photo's pixels).
   */
  public Detection scaled(float factor) {
    if (factor == 1) {
      return this;
    }
    return new Detection(
        x * factor,
        y * factor,
        width * factor,
        height * factor,
        score,
        keypoints.stream().map(p -> new Point(p.x() * factor, p.y() * factor)).toList());
  }

  /** The same face in an image where this one's image starts at ({@code dx}, {@code dy}). */
  public Detection translated(float dx, float dy) {
    return new Detection(
        x + dx,
        y + dy,
        width,
        height,
        score,
        keypoints.stream().map(p -> new Point(p.x() + dx, p.y() + dy)).toList());
  }

  public float area() {
    return width * height;
  }

  /** Intersection over union of the two boxes. */
  public float iou(Detection other) {
    float inner = intersection(other);
    float union = area() + other.area() - inner;
    return union <= 0 ? 0 : inner / union;
  }

  /** The share of the smaller box that lies inside the other one. */
  public float overlapOfSmaller(Detection other) {
    float smaller = Math.min(area(), other.area());
    return smaller <= 0 ? 0 : intersection(other) / smaller;
  }

  private float intersection(Detection other) {
    float left = Math.max(x, other.x);
    float top = Math.max(y, other.y);
    float right = Math.min(x + width, other.x + other.width);
    float bottom = Math.min(y + height, other.y + other.height);
    return Math.max(0, right - left) * Math.max(0, bottom - top);
  }
}
