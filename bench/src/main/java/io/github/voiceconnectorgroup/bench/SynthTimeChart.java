package io.github.voiceconnectorgroup.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws median synth wall time against group count, one line per variant. */
public final class SynthTimeChart {

  private SynthTimeChart() {}

  /**
   * Writes the chart as a PNG.
   *
   * @param file where to write it; {@code .png} is added when missing
   * @param seriesByVariant per variant, group counts and median wall seconds, in ascending count
   * @param subtitle run details shown under the title
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, Map<String, List<double[]>> seriesByVariant, String subtitle)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(560)
            .title("Synth wall time vs. group count (" + subtitle + ")")
            .xAxisTitle("voice connector groups in the stack")
            .yAxisTitle("synth wall time, fresh JVM + jsii (s)")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("#");
    for (Map.Entry<String, List<double[]>> entry : seriesByVariant.entrySet()) {
      double[] x = entry.getValue().stream().mapToDouble(p -> p[0]).toArray();
      double[] y = entry.getValue().stream().mapToDouble(p -> p[1]).toArray();
      XYSeries series = chart.addSeries(entry.getKey(), x, y);
      series.setMarker(SeriesMarkers.CIRCLE);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
