package io.sparkllm.jobs.train;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/** loss.png: training and validation loss against tokens seen. */
final class LossChart {
    private LossChart() {
    }

    record Point(double tokens, double value) {
    }

    static byte[] png(List<Point> train, List<Point> valid) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("train loss", train));
        if (!valid.isEmpty()) {
            data.addSeries(series("valid loss", valid));
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Loss", "tokens", "loss (nats/token)", data,
                PlotOrientation.VERTICAL, true, false, false);
        // The interesting range is where the losses are, not down to zero.
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, 900, 500);
        return out.toByteArray();
    }

    private static XYSeries series(String name, List<Point> points) {
        XYSeries series = new XYSeries(name);
        for (Point p : points) {
            series.add(p.tokens(), p.value());
        }
        return series;
    }
}
