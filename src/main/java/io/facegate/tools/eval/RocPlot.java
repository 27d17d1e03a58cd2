package io.facegate.tools.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The ROC (TAR against FAR on a log axis) as a PNG, drawn with XChart. */
public final class RocPlot {
  static {
    // Servers and CI have no display: AWT must never try to open one. Set before any AWT class
    // initializes.
    System.setProperty("java.awt.headless", "true");
  }

  /**
   * Points closer than this on the log-FAR axis (or in TAR) are not drawn: a million points look
   * the same.
   */
  private static final double MIN_LOG_STEP = 0.002;

  private static final double MIN_TAR_STEP = 0.001;

  private RocPlot() {}

  public static void write(
      VerificationMetrics.Roc roc, VerificationMetrics.Eer eer, String title, Path png)
      throws IOException {
    List<Double> far = new ArrayList<>();
    List<Double> tar = new ArrayList<>();
    for (int i = 0; i < roc.size(); i++) {
      // log(0) has no place on the axis: points with no false accept are left out.
      if (roc.far()[i] == 0) {
        continue;
      }
      boolean last = i == roc.size() - 1;
      if (far.isEmpty()
          || last
          || Math.log10(roc.far()[i]) - Math.log10(far.get(far.size() - 1)) >= MIN_LOG_STEP
          || roc.tar()[i] - tar.get(tar.size() - 1) >= MIN_TAR_STEP) {
        far.add(roc.far()[i]);
        tar.add(roc.tar()[i]);
      }
    }
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(600)
            .title(title)
            .xAxisTitle("FAR (false accept rate)")
            .yAxisTitle("TAR (true accept rate)")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setLegendVisible(true);
    // Never empty: the last point accepts everything, FAR 1.
    chart
        .addSeries(String.format(Locale.ROOT, "ROC (EER %.2f%%)", 100 * eer.rate()), far, tar)
        .setMarker(SeriesMarkers.NONE);
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
