package io.sparkllm.model.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Map;

/**
 * DL4J's Adam, the same settings, state layout and results, with the step run by the fused
 * {@link io.sparkllm.model.kernels.AdamKernel} where the arrays are float
 * ({@link FusedAdamUpdater}). Its name is written into a graph's JSON, so a model trained with it
 * needs this class to load; models saved with plain Adam load as before.
 */
public class FusedAdam extends Adam {
    /** For JSON. */
    public FusedAdam() {
    }

    public FusedAdam(double learningRate) {
        super(learningRate);
    }

    public FusedAdam(ISchedule learningRateSchedule) {
        super(learningRateSchedule);
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        // As Adam does: the view flattened, m its first half and v its second, each the gradient's length.
        INDArray flat = viewArray.reshape(viewArray.length());
        FusedAdamUpdater updater = new FusedAdamUpdater(this);
        updater.setStateViewArray(flat, new long[] {flat.length() / 2}, flat.ordering(), initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        FusedAdamUpdater updater = new FusedAdamUpdater(this);
        updater.setState(state, initializeStateArrays);
        return updater;
    }

    @Override
    public FusedAdam clone() {
        FusedAdam copy = new FusedAdam();
        copy.setLearningRate(getLearningRate());
        copy.setLearningRateSchedule(getLearningRateSchedule() == null ? null : getLearningRateSchedule().clone());
        copy.setBeta1(getBeta1());
        copy.setBeta2(getBeta2());
        copy.setEpsilon(getEpsilon());
        return copy;
    }
}
