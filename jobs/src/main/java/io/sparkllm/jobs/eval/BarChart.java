package io.sparkllm.jobs.eval;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/** A bar chart PNG of named series over categories (pass@k per language, F1 per label). */
public final class BarChart {
    private BarChart() {
    }

    /** {@code values}: series → category → value, drawn in the maps' order. */
    public static byte[] png(String title, String valueAxis, Map<String, Map<String, Double>> values) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((series, byCategory) -> byCategory.forEach((category, v) -> data.addValue(v, series, category)));
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueAxis, data, PlotOrientation.VERTICAL,
                values.size() > 1, false, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, 900, 450);
        return out.toByteArray();
    }
}
