package io.sparkllm.model.layers;

import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How per-step activations are laid out, and the way between that layout and rows
 * {@code [steps, features]}, the shape of every weight matmul. Feed-forward activations
 * {@code [batch, features]} are rows already; recurrent ones come as DL4J's
 * {@code [batch, features, time]} (a permuted copy away from rows) or as
 * {@code [batch, time, features]}, which is rows in all but shape (a reshape, no copy). Row
 * b·time + t holds step t of sequence b.
 */
public enum StepLayout {
    FEED_FORWARD, FEATURES_FIRST, FEATURES_LAST;

    /** The layout of activations of the given type. */
    public static StepLayout of(InputType type) {
        if (type instanceof InputType.InputTypeRecurrent recurrent) {
            return recurrent.getFormat() == RNNFormat.NWC ? FEATURES_LAST : FEATURES_FIRST;
        }
        if (type instanceof InputType.InputTypeFeedForward) {
            return FEED_FORWARD;
        }
        throw new IllegalArgumentException("expected feed-forward or recurrent activations, got " + type);
    }

    /** The feature count of activations of the given type. */
    public static long features(InputType type) {
        if (type instanceof InputType.InputTypeRecurrent recurrent) {
            return recurrent.getSize();
        }
        return ((InputType.InputTypeFeedForward) type).getSize();
    }

    /** The type of this layout's activations with {@code features} features and the steps of {@code like}. */
    public InputType type(long features, InputType like) {
        return switch (this) {
            case FEED_FORWARD -> InputType.feedForward(features);
            case FEATURES_FIRST -> InputType.recurrent(features, ((InputType.InputTypeRecurrent) like).getTimeSeriesLength());
            case FEATURES_LAST -> InputType.recurrent(features, ((InputType.InputTypeRecurrent) like).getTimeSeriesLength(),
                    RNNFormat.NWC);
        };
    }

    /** Fails in one line when {@code type} is not activations in this layout. */
    public void check(InputType type, String who) {
        StepLayout actual = of(type);
        if (actual != this) {
            throw new IllegalArgumentException(who + " is configured for " + this + " activations but gets " + actual + ": "
                    + type);
        }
    }

    /** Step t of every sequence, {@code [batch, features]} (a view). */
    public INDArray step(INDArray x, long t) {
        return switch (this) {
            case FEED_FORWARD -> x;
            case FEATURES_FIRST -> x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
            case FEATURES_LAST -> x.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
        };
    }

    /** The dimension that holds the features. */
    public int featureDimension() {
        return this == FEATURES_LAST ? 2 : 1;
    }

    public long batch(INDArray x) {
        return x.size(0);
    }

    public long time(INDArray x) {
        return switch (this) {
            case FEED_FORWARD -> 1;
            case FEATURES_FIRST -> x.size(2);
            case FEATURES_LAST -> x.size(1);
        };
    }

    /** The activations as rows {@code [batch·time, features]}: a view where the layout allows. */
    public INDArray rows(INDArray x) {
        return switch (this) {
            case FEED_FORWARD -> x;
            case FEATURES_FIRST -> x.permute(0, 2, 1).dup('c').reshape(x.size(0) * x.size(2), x.size(1));
            case FEATURES_LAST -> x.reshape('c', x.size(0) * x.size(1), x.size(2));
        };
    }

    /** Rows {@code [batch·time, n]} back in this layout, for {@code batch} sequences. */
    public INDArray fromRows(INDArray rows, long batch) {
        return switch (this) {
            case FEED_FORWARD -> rows;
            case FEATURES_FIRST -> rows.reshape('c', batch, rows.size(0) / batch, rows.size(1)).permute(0, 2, 1).dup('c');
            case FEATURES_LAST -> rows.reshape('c', batch, rows.size(0) / batch, rows.size(1));
        };
    }
}
