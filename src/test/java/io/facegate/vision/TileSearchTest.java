package io.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

/** Where the second look's tiles lie. */
@FastTier
class TileSearchTest {
  private static final int FULL_RANGE = 256;

  @Test
  void aFrameTheDetectorShrinksAtMostFourTimesHasNoTiles() {
    assertEquals(List.of(), TileSearch.tiles(500, 375, FULL_RANGE));
    assertEquals(List.of(), TileSearch.tiles(854, 480, FULL_RANGE));
    assertEquals(List.of(), TileSearch.tiles(1024, 1024, FULL_RANGE));
  }

  @Test
  void aWidePanoramaIsSplitAcrossOnly() {
    List<Rect> tiles = TileSearch.tiles(2000, 600, FULL_RANGE);
    assertEquals(3, tiles.size());
    tiles.forEach(t -> assertEquals(600, t.height()));
    assertCovers(tiles, 2000, 600);
  }

  @Test
  void aLargePhotoGetsAtMostThreeByThreeOverlappingTiles() {
    List<Rect> tiles = TileSearch.tiles(4000, 3000, FULL_RANGE);
    assertEquals(9, tiles.size());
    assertCovers(tiles, 4000, 3000);
    Rect first = tiles.get(0);
    Rect second = tiles.get(1);
    int overlap = first.x() + first.width() - second.x();
    assertTrue(
        overlap >= (second.x() - first.x()) / 4,
        "neighbours overlap by a quarter of their step, got " + overlap);
  }

  @Test
  void theShortRangeModelGetsSmallerTiles() {
    List<Rect> tiles = TileSearch.tiles(854, 480, 128);
    assertEquals(6, tiles.size(), "3 across, 2 down");
    assertCovers(tiles, 854, 480);
  }

  /** Every pixel of the image lies in some tile, and no tile leaves the image. */
  private static void assertCovers(List<Rect> tiles, int width, int height) {
    for (Rect t : tiles) {
      assertTrue(t.x() >= 0 && t.y() >= 0, "inside: " + t);
      assertTrue(t.x() + t.width() <= width && t.y() + t.height() <= height, "inside: " + t);
    }
    for (int y : List.of(0, height / 3, height / 2, height - 1)) {
      for (int x = 0; x < width + 7; x += 7) {
        int px = Math.min(x, width - 1);
        int py = y;
        assertTrue(
            tiles.stream()
                .anyMatch(
                    t ->
                        px >= t.x()
                            && px < t.x() + t.width()
                            && py >= t.y()
                            && py < t.y() + t.height()),
            "covered: " + x + "," + y);
      }
    }
  }
}
