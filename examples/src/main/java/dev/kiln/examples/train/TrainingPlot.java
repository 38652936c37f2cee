package dev.kiln.examples.train;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A PNG of the loss (left axis) and the test accuracy (right axis, %) per epoch, drawn with XChart. */
public final class TrainingPlot {
    private TrainingPlot() {}

    /**
     * Writes the plot of {@code history} to {@code png} (replacing it).
     *
     * @param title the chart's title, e.g. the run's name
     */
    public static void write(List<EpochResult> history, String title, Path png) throws IOException {
        if (history.isEmpty()) throw new IllegalArgumentException("TrainingPlot: no epochs to plot");
        System.setProperty("java.awt.headless", "true"); // no display needed to render a bitmap
        int n = history.size();
        double[] epochs = new double[n];
        double[] train = new double[n];
        double[] test = new double[n];
        double[] acc = new double[n];
        for (int i = 0; i < n; i++) {
            EpochResult r = history.get(i);
            epochs[i] = r.epoch();
            train[i] = r.trainLoss();
            test[i] = r.testLoss();
            acc[i] = 100 * r.accuracy();
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("epoch").yAxisTitle("loss").build();
        chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
        chart.setYAxisGroupTitle(1, "test accuracy (%)");
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.addSeries("train loss", epochs, train).setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("test loss", epochs, test).setMarker(SeriesMarkers.DIAMOND);
        XYSeries a = chart.addSeries("test accuracy", epochs, acc);
        a.setMarker(SeriesMarkers.SQUARE);
        a.setYAxisGroup(1);
        Path abs = png.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        BitmapEncoder.saveBitmap(chart, abs.toString(), BitmapEncoder.BitmapFormat.PNG);
        // XChart appends ".png" when the name lacks it
        if (!abs.toString().toLowerCase().endsWith(".png")) Files.move(Path.of(abs + ".png"), abs,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
