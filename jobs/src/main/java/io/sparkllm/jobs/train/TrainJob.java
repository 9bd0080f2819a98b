package io.sparkllm.jobs.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.sparkllm.jobs.CorpusJob;
import io.sparkllm.model.checkpoint.SavedModels;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.model.train.FusedAdam;
import io.sparkllm.model.train.WarmupCosineSchedule;
import io.sparkllm.model.zoo.ModelGraphs;
import io.sparkllm.model.zoo.ModelSpec;
import io.sparkllm.model.zoo.ParameterCount;
import io.sparkllm.model.zoo.TrainingOptions;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

/**
 * {@code sparkllm train}: synchronous data-parallel training with DL4J's Spark parameter
 * averaging. Each epoch's windows are cut into averaging rounds (every worker trains
 * averaging-frequency minibatches, then the parameters and updater states are averaged); after
 * each round the job logs loss, learning rate, tokens/s and model FLOP utilisation, every
 * eval-every rounds the validation loss, and every checkpoint-every rounds it writes a checkpoint
 * that {@code resume} continues from.
 */
public final class TrainJob extends CorpusJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "train";
    }

    @Override
    public List<String> inputs(Config config) {
        List<String> inputs = new ArrayList<>(super.inputs(config));
        if (!config.getIsNull("init-from")) {
            inputs.add(config.getString("init-from"));
        }
        // A preset given by name ships in the jar; one given as a file is an input like the data.
        if (!config.getIsNull("model") && new java.io.File(config.getString("model")).exists()) {
            inputs.add(config.getString("model"));
        }
        return inputs;
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(context.spark().sparkContext());
        TrainSettings settings = TrainSettings.from(c, sc.defaultParallelism());
        List<String> input = c.getStringList("input");
        if (input.size() != 1) {
            throw new UsageException("train: input must be one sparkllm tokenize output directory, got " + input);
        }
        String data = input.get(0);
        TrainTask task = TrainTask.named(settings.task(), settings.documentMasks());
        for (String part : List.of("train", "valid", "tokenizer.json")) {
            Path path = new Path(data, part);
            if (!context.fileSystem(path).exists(path)) {
                throw new UsageException("train: " + data + " has no " + part + ": input must be sparkllm tokenize output");
            }
        }
        Dataset<Row> train = context.spark().read().parquet(data + "/train");
        Dataset<Row> valid = context.spark().read().parquet(data + "/valid");
        List<String> missing = task.columns().stream().filter(column -> !java.util.Arrays.asList(train.columns())
                .contains(column)).toList();
        if (!missing.isEmpty()) {
            throw new UsageException("train: " + data + "/train has no " + String.join(", ", missing) + " column"
                    + (missing.size() > 1 ? "s" : "") + ": task " + task.name() + " reads sparkllm tokenize --set task="
                    + task.tokenizeTask() + " output");
        }
        Row shape = train.agg(count(lit(1)), max(task.longest())).first();
        long examples = shape.getLong(0);
        long validExamples = valid.count();
        if (examples == 0) {
            throw new UsageException("train: " + data + "/train holds no examples");
        }
        int sequenceLength = shape.getInt(1);
        int vocabulary = TokenizerFiles.load(java.nio.file.Path.of(data, "tokenizer.json")).vocabSize();
        List<String> labels = task instanceof ClassificationTask ? labels(context, data) : List.of();
        OptionalInt decoderStart = task instanceof TranslationTask ? OptionalInt.of(decoderStartToken(train, data))
                : OptionalInt.empty();

        TrainingCheckpoints checkpoints = new TrainingCheckpoints(settings.checkpointDir(), context.hadoopConf());
        int roundsPerEpoch = RoundPlan.roundsFor(examples, settings.examplesPerRound());
        long totalSteps = settings.maxSteps() > 0 ? settings.maxSteps()
                : (long) settings.epochs() * roundsPerEpoch * settings.averagingFrequency();
        TrainingOptions options = new TrainingOptions(new FusedAdam(new WarmupCosineSchedule(settings.learningRate(),
                settings.warmupSteps(), totalSteps, settings.minLearningRateRatio())), settings.weightDecay(), settings.clipMode().equals("per-layer") ? settings.clipNorm() : 0);

        ModelSpec spec;
        ComputationGraph graph;
        TrainingState state;
        Optional<Path> latest = settings.resume() ? checkpoints.latest() : Optional.empty();
        if (latest.isPresent()) {
            TrainingCheckpoints.Restored restored = checkpoints.restore(latest.get());
            spec = restored.model().spec();
            graph = restored.model().graph();
            state = restored.state();
            context.say("resuming from " + latest.get() + " at step " + state.step);
        } else {
            // A fresh run owns its checkpoint directory: an earlier run's checkpoints or round data
            // must not be resumed from or reused.
            checkpoints.clear();
            // The starting model is read once: its spec shapes the graph, its weights fill it.
            SavedModels.Loaded start = settings.initFrom() == null ? null
                    : SavedModels.load(java.nio.file.Path.of(settings.initFrom()), DataType.FLOAT);
            spec = fitting(withDropout(start != null ? start.spec() : presetOrUsageError(settings.modelPreset()),
                    settings.dropout()), task, vocabulary, sequenceLength);
            graph = new ComputationGraph(task.fitted(spec, labels).configuration(spec, settings.seed(), options));
            graph.init();
            if (start != null) {
                initialise(context, graph, start.graph(), settings.initFrom());
            }
            state = new TrainingState(settings.seed());
        }
        TrainTask fitted = task.fitted(spec, labels);
        long parameters = graph.numParams();
        double flopsPerToken = Throughput.flopsPerToken(spec, parameters, sequenceLength);
        double peak = Throughput.measuredMatmulPeak() * settings.workers();
        context.count("parameters", parameters);
        context.count("matmul_peak_gflops", peak / 1e9);

        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(settings.workers(), 1)
                .batchSizePerWorker(settings.batchSizePerWorker())
                .averagingFrequency(settings.averagingFrequency())
                .workerPrefetchNumBatches(settings.prefetch())
                .saveUpdater(true)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(settings.seed())
                .build();
        // Workers get a copy of the master's listeners: each tallies its minibatches' loss and clips its own steps.
        TrainLossTally tally = new TrainLossTally(sc.sc().doubleAccumulator("train loss"), sc.sc().longAccumulator("train examples"));
        List<org.deeplearning4j.optimize.api.TrainingListener> listeners = new ArrayList<>(List.of(tally));
        if (settings.clipMode().equals("global") && settings.clipNorm() > 0) {
            listeners.add(new io.sparkllm.model.train.GlobalNormClipping(settings.clipNorm()));
        }
        master.setListeners(listeners);
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph, master);
        List<MultiDataSet> validBatches = validExamples == 0 ? List.of()
                : ValidationLoss.batches(valid, fitted, settings.validBatches(), settings.batchSizePerWorker());

        List<LossChart.Point> trainLoss = new ArrayList<>();
        List<LossChart.Point> validLoss = new ArrayList<>();
        replayMetrics(state, trainLoss, validLoss);
        int roundsThisRun = 0;
        boolean stopped = false;
        outer:
        for (; state.epoch < settings.epochs(); state.epoch++, state.round = 0) {
            RoundPlan plan = RoundPlan.write(context.spark(), train, task.key(), examples, settings.examplesPerRound(),
                    settings.seed(), state.epoch, checkpoints.epochData(state.epoch));
            for (; state.round < plan.rounds(); state.round++) {
                if (settings.maxSteps() > 0 && state.step >= settings.maxSteps()) {
                    break outer;
                }
                if (settings.stopAfterRounds() > 0 && roundsThisRun >= settings.stopAfterRounds()) {
                    stopped = true;
                    break outer;
                }
                Dataset<Row> round = plan.round(state.round);
                if (round == null) {
                    continue;
                }
                JavaRDD<MultiDataSet> batch = round.javaRDD().map(r -> (MultiDataSet) fitted.example(r));
                Row size = round.agg(count(lit(1)), sum(task.inputTokens()), sum(task.predictedTokens())).first();
                long roundExamples = size.getLong(0);
                double rate = ((WarmupCosineSchedule) ((Adam) options.updater()).getLearningRateSchedule())
                        .valueAt((int) state.step, state.epoch);
                long start = System.nanoTime();
                tally.reset();
                spark.fitMultiDataSet(batch);
                double seconds = (System.nanoTime() - start) / 1e9;
                long steps = (roundExamples + (long) settings.workers() * settings.batchSizePerWorker() - 1)
                        / ((long) settings.workers() * settings.batchSizePerWorker());
                state.step += steps;
                spark.getNetwork().getConfiguration().setIterationCount((int) state.step);
                long tokens = size.getLong(1);
                state.tokens += tokens;
                roundsThisRun++;
                // Every minibatch of the round, each scored before its own update, per predicted token.
                if (tally.examples() != roundExamples) {
                    throw new IllegalStateException("train: the workers fitted " + tally.examples() + " examples of round "
                            + state.round + ", which has " + roundExamples);
                }
                double loss = tally.totalLoss() / size.getLong(2);
                ObjectNode line = JSON.createObjectNode();
                line.put("step", state.step).put("epoch", state.epoch).put("round", state.round)
                        .put("tokens", state.tokens).put("loss", loss).put("learning_rate", rate)
                        .put("seconds", seconds).put("tokens_per_second", tokens / seconds)
                        .put("mfu", tokens / seconds * flopsPerToken / peak);
                trainLoss.add(new LossChart.Point(state.tokens, loss));
                if (!validBatches.isEmpty() && (roundsThisRun % settings.evalEvery() == 0)) {
                    Map<String, Double> v = fitted.validate(spark.getNetwork(), validBatches);
                    v.forEach(line::put);
                    validLoss.add(new LossChart.Point(state.tokens, v.get("valid_loss")));
                }
                state.metrics.add(JSON.writeValueAsString(line));
                context.say(String.format("step %d  loss %.4f  lr %.2e  %.0f tokens/s", state.step, loss,
                        rate, tokens / seconds));
                if (roundsThisRun % settings.checkpointEvery() == 0) {
                    int roundDone = state.round;
                    state.round++;
                    checkpoints.write(spark.getNetwork(), spec, state);
                    state.round = roundDone;
                }
            }
        }
        if (stopped) {
            // A deliberate stop (stop-after-rounds) behaves like a killed run: checkpoints only, no output.
            throw new io.sparkllm.runtime.JobFailedException("train: stopped after " + roundsThisRun
                    + " rounds (stop-after-rounds); resume with --set resume=true");
        }
        finish(context, spark.getNetwork(), spec, fitted, decoderStart, state, trainLoss, validLoss, data, parameters, examples);
    }

    /** The model's spec, once checked against the data: the tokenizer's ids and the window length must fit it. */
    private static ModelSpec fitting(ModelSpec preset, TrainTask task, int vocabulary, int sequenceLength) {
        if (!task.families().contains(preset.family())) {
            throw new UsageException("train: task " + task.name() + " trains " + task.families().toString().toLowerCase(
                    java.util.Locale.ROOT) + " models, not " + preset.family().key());
        }
        if (preset.vocabSize() < vocabulary) {
            throw new UsageException("train: the model's vocab-size " + preset.vocabSize() + " is smaller than the tokenizer's "
                    + vocabulary);
        }
        if (preset.maxPositions() > 0 && preset.maxPositions() < sequenceLength) {
            throw new UsageException("train: examples of " + sequenceLength + " tokens exceed the model's max-positions "
                    + preset.maxPositions());
        }
        return preset;
    }

    /**
     * The decoder's start token: every target must open with the same id (tokenize's bos-token),
     * which translation then starts each decoded prefix with.
     */
    private static int decoderStartToken(Dataset<Row> train, String data) {
        Row first = train.agg(min(element_at(col("tgt_ids"), 1)), max(element_at(col("tgt_ids"), 1))).first();
        if (first.isNullAt(0) || first.getInt(0) != first.getInt(1)) {
            throw new UsageException("train: the targets in " + data + "/train do not all start with one token: task seq2seq "
                    + "needs sparkllm tokenize --set task=seq2seq --set bos-token=... (the decoder's start token)");
        }
        return first.getInt(0);
    }

    /** The spec with the run's dropout rate in place of the preset's, when the run sets one. */
    private static ModelSpec withDropout(ModelSpec spec, Double dropout) {
        if (dropout == null) {
            return spec;
        }
        return ModelSpec.fromConfig(com.typesafe.config.ConfigFactory.parseString(spec.toHocon())
                .withValue("model.dropout", com.typesafe.config.ConfigValueFactory.fromAnyRef(dropout)));
    }

    /** The label names tokenize --set task=classify numbered, in their order. */
    private static List<String> labels(JobContext context, String data) throws IOException {
        Path path = new Path(data, "labels.json");
        if (!context.fileSystem(path).exists(path)) {
            throw new UsageException("train: " + data + " has no labels.json: task classify reads sparkllm tokenize --set "
                    + "task=classify output");
        }
        try (var in = context.fileSystem(path).open(path)) {
            List<String> names = new ArrayList<>();
            JSON.readTree(in).forEach(n -> names.add(n.asText()));
            return names;
        }
    }

    /**
     * Starts from a trained model: all its weights when the graphs match; for a classifier on a
     * pretrained model, the backbone's (every parameter shared by name and shape), the head fresh.
     */
    private static void initialise(JobContext context, ComputationGraph graph, ComputationGraph start, String from) {
        boolean sameGraph = start.numParams() == graph.numParams()
                && start.getConfiguration().getNetworkOutputs().equals(graph.getConfiguration().getNetworkOutputs());
        if (sameGraph) {
            graph.setParams(start.params());
        } else if (graph.getConfiguration().getNetworkOutputs().contains(io.sparkllm.model.zoo.ClassifierGraphs.OUTPUT)) {
            int copied = io.sparkllm.model.zoo.ClassifierGraphs.copyBackbone(start, graph);
            context.say("classifier initialised from " + from + ": " + copied + " backbone arrays copied, head fresh");
            context.count("init_arrays_copied", copied);
        } else {
            throw new UsageException("train: the model in " + from + " does not match the graph task needs");
        }
    }

    private static ModelSpec presetOrUsageError(String preset) {
        try {
            return ModelSpec.fromPreset(preset);
        } catch (IllegalArgumentException e) {
            throw new UsageException("train: " + e.getMessage());
        }
    }

    private static void replayMetrics(TrainingState state, List<LossChart.Point> train, List<LossChart.Point> valid)
            throws IOException {
        for (String line : state.metrics) {
            var node = JSON.readTree(line);
            train.add(new LossChart.Point(node.get("tokens").asDouble(), node.get("loss").asDouble()));
            if (node.has("valid_loss")) {
                valid.add(new LossChart.Point(node.get("tokens").asDouble(), node.get("valid_loss").asDouble()));
            }
        }
    }

    /** The final model (with the tokenizer beside it, ready for generate), metrics.jsonl, loss.png, summary.json. */
    private static void finish(JobContext context, ComputationGraph graph, ModelSpec spec, TrainTask task,
                               OptionalInt decoderStart, TrainingState state,
                               List<LossChart.Point> trainLoss, List<LossChart.Point> validLoss, String data,
                               long parameters, long examples) throws IOException {
        FileSystem fs = context.fileSystem(context.staging());
        java.nio.file.Path local = Files.createTempDirectory("sparkllm-model-");
        try {
            SavedModels.save(graph, spec, local);
            Files.copy(java.nio.file.Path.of(data, "tokenizer.json"), local.resolve("tokenizer.json"));
            List<String> files = new ArrayList<>(List.of(SavedModels.SPEC, SavedModels.GRAPH, "tokenizer.json"));
            if (task instanceof ClassificationTask) {
                // The label names travel with the classifier: output i is labels[i].
                Files.copy(java.nio.file.Path.of(data, "labels.json"), local.resolve("labels.json"));
                files.add("labels.json");
            }
            Path model = context.staging("model");
            fs.mkdirs(model);
            for (String file : files) {
                fs.copyFromLocalFile(false, true, new Path(local.resolve(file).toUri()), new Path(model, file));
            }
        } finally {
            TrainingCheckpoints.deleteLocal(local);
        }
        try (FSDataOutputStream out = fs.create(context.staging("metrics.jsonl"), false)) {
            for (String line : state.metrics) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        try (FSDataOutputStream out = fs.create(context.staging("loss.png"), false)) {
            out.write(LossChart.png(trainLoss, validLoss));
        }
        ObjectNode summary = JSON.createObjectNode();
        summary.put("task", task.name()).put("family", spec.family().key()).put("parameters", parameters).put("steps", state.step)
                .put("epochs_completed", state.epoch).put("tokens", state.tokens).put("train_examples", examples);
        decoderStart.ifPresent(id -> summary.put("decoder_start_token", id));
        if (!trainLoss.isEmpty()) {
            summary.put("final_train_loss", trainLoss.get(trainLoss.size() - 1).value());
        }
        if (!validLoss.isEmpty()) {
            summary.put("final_valid_loss", validLoss.get(validLoss.size() - 1).value());
        }
        try (FSDataOutputStream out = fs.create(context.staging("summary.json"), false)) {
            JSON.writerWithDefaultPrettyPrinter().writeValue((OutputStream) out, summary);
        }
        context.recordInput(data, examples);
        context.recordOutput("model", "model", 1, "kept");
        context.count("steps", state.step);
        context.count("tokens", state.tokens);
    }
}
