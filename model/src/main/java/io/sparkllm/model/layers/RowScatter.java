package io.sparkllm.model.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradient of a row lookup: row i of the error goes to row ids[i] of the table, repeats
 * adding up. Summed in Java arrays: one ND4J call per looked-up row cost 5% of a training step.
 */
final class RowScatter {
    private RowScatter() {
    }

    /** A new {@code [tableRows, columns]} array holding Σ over i with ids[i] = r of rows[i], for every r. */
    static INDArray sum(int[] ids, INDArray rows, long tableRows) {
        int columns = (int) rows.size(1);
        if (rows.dataType() == DataType.DOUBLE) {
            double[] values = rows.reshape(rows.length()).toDoubleVector();
            double[] table = new double[(int) tableRows * columns];
            for (int i = 0; i < ids.length; i++) {
                int to = ids[i] * columns;
                int from = i * columns;
                for (int c = 0; c < columns; c++) {
                    table[to + c] += values[from + c];
                }
            }
            return Nd4j.createFromArray(table).reshape(tableRows, columns);
        }
        float[] values = rows.reshape(rows.length()).castTo(DataType.FLOAT).toFloatVector();
        float[] table = new float[(int) tableRows * columns];
        for (int i = 0; i < ids.length; i++) {
            int to = ids[i] * columns;
            int from = i * columns;
            for (int c = 0; c < columns; c++) {
                table[to + c] += values[from + c];
            }
        }
        return Nd4j.createFromArray(table).reshape(tableRows, columns).castTo(rows.dataType());
    }
}
