package io.sparkllm.jobs.generate;

import io.sparkllm.datasets.text.Hash64;
import io.sparkllm.jobs.io.HadoopConf;
import io.sparkllm.jobs.tokenize.ExecutorTokenizers;
import io.sparkllm.jobs.tokenize.TokenizerInput;
import io.sparkllm.model.generate.Generation;
import io.sparkllm.model.generate.Generator;
import io.sparkllm.model.generate.SamplingSettings;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.model.zoo.KvCacheDecoder;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.UsageException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Completes prompts on the executors: the tokenizer is read on the driver and shipped as a
 * broadcast (built once per executor JVM), the model is loaded once per executor JVM
 * ({@link ExecutorModels}) and decoded with its key/value cache, and each completion is seeded by
 * its prompt's id and sample number, so reruns and other partitionings give the same text.
 * A prompt the model can't take becomes one row with a {@code rule} and no completion.
 */
public final class ExecutorGenerator implements Serializable {
    /** One row per completion, or one per prompt the model can't take ({@code rule} set). */
    public static final StructType COMPLETIONS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("sample", DataTypes.IntegerType, false)
            .add("prompt", DataTypes.StringType, false)
            .add("completion", DataTypes.StringType, true)
            .add("finish_reason", DataTypes.StringType, true)
            .add("prompt_tokens", DataTypes.IntegerType, false)
            .add("new_tokens", DataTypes.IntegerType, false)
            .add("token_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), true)
            .add("rule", DataTypes.StringType, true)
            .add("millis", DataTypes.LongType, false);

    private final String model;
    private final HadoopConf hadoop;
    private final String tokenizerKey;
    private final Broadcast<byte[]> shippedTokenizer;
    private final transient Tokenizer tokenizer;

    private ExecutorGenerator(String model, HadoopConf hadoop, String tokenizerKey, Broadcast<byte[]> shippedTokenizer,
                              Tokenizer tokenizer) {
        this.model = model;
        this.hadoop = hadoop;
        this.tokenizerKey = tokenizerKey;
        this.shippedTokenizer = shippedTokenizer;
        this.tokenizer = tokenizer;
    }

    /** The tokenizer path a model's jobs use: the given one, else tokenizer.json in the model directory. */
    public static String tokenizerPath(String model, String tokenizerOrNull) {
        return tokenizerOrNull == null ? model + "/tokenizer.json" : tokenizerOrNull;
    }

    /** Reads the tokenizer on the driver and ships it to the executors. */
    public static ExecutorGenerator forModel(JobContext context, String model, String tokenizerPath) throws Exception {
        if (!Files.exists(Path.of(tokenizerPath))) {
            throw new UsageException("tokenizer " + tokenizerPath
                    + " does not exist (set 'tokenizer' or put tokenizer.json in the model directory)");
        }
        Tokenizer tokenizer = TokenizerInput.load(tokenizerPath);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        TokenizerFiles.write(tokenizer, json);
        Broadcast<byte[]> shipped = context.spark().sparkContext().broadcast(json.toByteArray(),
                scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
        String key = tokenizerPath + "#" + Hash64.of(json.toString(StandardCharsets.UTF_8));
        return new ExecutorGenerator(model, new HadoopConf(context.hadoopConf()), key, shipped, tokenizer);
    }

    /** The tokenizer as the driver read it (for settings that name tokens, such as an end-of-text token). */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** {@code samples} completions of each prompt; the input has columns {@code id} and {@code prompt}, in that order. */
    public Dataset<Row> complete(Dataset<Row> prompts, SamplingSettings settings, int samples) {
        return prompts.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> complete(rows, settings, samples),
                Encoders.row(COMPLETIONS));
    }

    private Iterator<Row> complete(Iterator<Row> rows, SamplingSettings settings, int samples) {
        KvCacheDecoder decoder = ExecutorModels.of(model, hadoop.get());
        Tokenizer shipped = ExecutorTokenizers.of(tokenizerKey, shippedTokenizer.value());
        Generator generator = new Generator(decoder, shipped::decode);
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            String id = r.getString(0);
            String prompt = r.getString(1);
            int[] ids = shipped.encode(prompt, true);
            if (ids.length == 0 || ids.length >= decoder.capacity()) {
                out.add(RowFactory.create(id, 0, prompt, null, null, ids.length, 0, null,
                        ids.length == 0 ? "empty-prompt" : "prompt-too-long", 0L));
                continue;
            }
            // a prompt that fits gets at most the positions left
            SamplingSettings fitted = settings.withMaxNewTokens(Math.min(settings.maxNewTokens(),
                    decoder.capacity() - ids.length));
            for (int s = 0; s < samples; s++) {
                long start = System.nanoTime();
                Generation g = generator.generate(ids, Hash64.mix(Hash64.of(id) + s), fitted);
                long millis = (System.nanoTime() - start) / 1_000_000;
                out.add(RowFactory.create(id, s, prompt, g.text(), g.finishReason().name().toLowerCase(Locale.ROOT),
                        ids.length, g.tokens().length, g.tokens(), null, millis));
            }
        }
        return out.iterator();
    }
}
