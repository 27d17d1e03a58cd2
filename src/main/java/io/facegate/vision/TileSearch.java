package io.facegate.vision;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * The last look when neither the whole frame nor its extended edges show a face. The detector sees
 * the frame shrunk to its square input; the full-range model still finds a face of about 6 px
 * there, so a face the quality rules accept (32 px) is lost only when a large frame is shrunk more
 * than about 5x. Overlapping tiles, each shrunk at most 3x, bring such a face back within its
 * range. Asked only when nothing else found a face, so a frame with a face costs nothing more.
 */
final class TileSearch {
  /** Frames shrunk at most this much are not tiled: the whole-frame pass already saw such faces. */
  private static final int TILE_ABOVE_SHRINK = 4;

  /** A tile's side is about this many detector inputs. */
  private static final int INPUTS_PER_TILE = 3;

  /** At most 3 x 3 tiles: the last look stays within nine detector runs on any photo. */
  private static final int MAX_TILES_PER_SIDE = 3;

  /**
   * Neighbouring tiles overlap by a quarter of their step, so a face up to that size lies whole in
   * one tile; a larger one is not small and the whole frame is where it is found.
   */
  private static final double OVERLAP = 0.25;

  private final FaceDetector detector;

  TileSearch(FaceDetector detector) {
    this.detector = detector;
  }

  /**
   * The faces found in the tiles, in the image's pixels, highest score first; none when the image
   * has no tiles.
   */
  List<Detection> detect(Mat bgr) {
    List<Rect> tiles = tiles(bgr.cols(), bgr.rows(), detector.inputSize());
    List<Detection> found = new ArrayList<>();
    for (Rect tile : tiles) {
      try (Mat part = new Mat(bgr, tile)) {
        for (Detection face : detector.detect(part)) {
          Detection inImage = face.translated(tile.x(), tile.y());
          // A face cut by a tile's inner edge is a piece of a face the frame shows larger.
          if (!cutByInnerEdge(inImage, tile, bgr.cols(), bgr.rows())) {
            found.add(inImage);
          }
        }
      } finally {
        tile.close();
      }
    }
    // Overlapping tiles see the same face twice: merged as the detector merges its candidates.
    return FaceDetector.blend(found);
  }

  /**
   * The tiles of a {@code width} x {@code height} image; none when the whole-frame pass shrank it
   * little enough.
   */
  static List<Rect> tiles(int width, int height, int inputSize) {
    if (Math.max(width, height) <= TILE_ABOVE_SHRINK * inputSize) {
      return List.of();
    }
    int across = perSide(width, inputSize);
    int down = perSide(height, inputSize);
    List<Rect> tiles = new ArrayList<>(across * down);
    int tileWidth = length(width, across);
    int tileHeight = length(height, down);
    for (int row = 0; row < down; row++) {
      for (int col = 0; col < across; col++) {
        tiles.add(
            new Rect(
                start(width, tileWidth, across, col),
                start(height, tileHeight, down, row),
                tileWidth,
                tileHeight));
      }
    }
    return tiles;
  }

  private static int perSide(int length, int inputSize) {
    int wanted = (int) Math.ceil(length / (double) (INPUTS_PER_TILE * inputSize));
    return Math.max(1, Math.min(MAX_TILES_PER_SIDE, wanted));
  }

  private static int length(int whole, int count) {
    return count == 1
        ? whole
        : Math.min(whole, (int) Math.ceil(whole / (double) count * (1 + OVERLAP)));
  }

  /** Tiles spread evenly from the first edge to the last. */
  private static int start(int whole, int tile, int count, int index) {
    return count == 1 ? 0 : (int) Math.round(index * (whole - tile) / (double) (count - 1));
  }

  private static boolean cutByInnerEdge(Detection face, Rect tile, int width, int height) {
    boolean left = tile.x() > 0 && face.x() <= tile.x();
    boolean top = tile.y() > 0 && face.y() <= tile.y();
    boolean right =
        tile.x() + tile.width() < width && face.x() + face.width() >= tile.x() + tile.width();
    boolean bottom =
        tile.y() + tile.height() < height && face.y() + face.height() >= tile.y() + tile.height();
    return left || top || right || bottom;
  }
}
