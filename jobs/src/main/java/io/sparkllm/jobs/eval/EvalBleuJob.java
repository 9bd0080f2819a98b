package io.sparkllm.jobs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.sparkllm.datasets.text.Hash64;
import io.sparkllm.jobs.eval.bleu.Bleu;
import io.sparkllm.jobs.eval.bleu.BleuScore;
import io.sparkllm.jobs.eval.bleu.BleuStatistics;
import io.sparkllm.jobs.eval.bleu.Chrf;
import io.sparkllm.jobs.eval.bleu.ChrfScore;
import io.sparkllm.jobs.eval.bleu.ChrfStatistics;
import io.sparkllm.jobs.eval.bleu.Smoothing;
import io.sparkllm.jobs.generate.ExecutorModels;
import io.sparkllm.jobs.io.HadoopConf;
import io.sparkllm.jobs.tokenize.ExecutorTokenizers;
import io.sparkllm.model.checkpoint.SavedModels;
import io.sparkllm.model.generate.BeamSearch;
import io.sparkllm.model.generate.BeamSettings;
import io.sparkllm.model.generate.Hypothesis;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.model.zoo.CachedTranslator;
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
import org.apache.spark.storage.StorageLevel;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * {@code sparkllm eval bleu}: translates a test set with an encoder-decoder model (beam search,
 * greedy at width 1) on the executors, each loading the model once, and scores the detokenized
 * translations against the references with corpus BLEU and chrF exactly as sacreBLEU does: each
 * executor adds up its segments' n-gram statistics, the driver adds the partitions' sums and
 * scores once. Outputs translations/ (with sentence BLEU and chrF), metrics.json, report.html.
 */
public final class EvalBleuJob extends ModelEvalJob {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final StructType TRANSLATIONS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("src", DataTypes.StringType, false)
            .add("reference", DataTypes.StringType, false)
            .add("hypothesis", DataTypes.StringType, false)
            .add("hypothesis_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("sentence_bleu", DataTypes.DoubleType, false)
            .add("sentence_chrf", DataTypes.DoubleType, false)
            .add("bleu_statistics", DataTypes.createArrayType(DataTypes.LongType, false), false)
            .add("chrf_statistics", DataTypes.createArrayType(DataTypes.LongType, false), false);

    /** What the executors need to translate and score a segment. */
    record Decoding(String model, String tokenizerKey, int start, int end, int width, int maxLength, double lengthPenalty,
                    Bleu bleu, Chrf chrf) implements Serializable {
    }

    @Override
    public String name() {
        return "eval-bleu";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        String model = c.getString("model");
        byte[] tokenizerJson = EvalOutputs.read(context, model, "tokenizer.json");
        Tokenizer tokenizer = TokenizerFiles.fromHuggingFaceJson(tokenizerJson, model + "/tokenizer.json");
        int start = tokenId(tokenizer, c.getString("bos-token"), "bos-token");
        int end = tokenId(tokenizer, c.getString("eos-token"), "eos-token");
        Bleu bleu = new Bleu(Bleu.Settings.DEFAULTS.withTokenize(c.getString("bleu.tokenize"))
                .withLowercase(c.getBoolean("bleu.lowercase"))
                .withSmoothing(smoothing(c.getString("bleu.smooth")), null));
        Chrf chrf = new Chrf(Chrf.Settings.CHRF);
        Decoding decoding = new Decoding(model, model + "#" + Hash64.of(new String(tokenizerJson, StandardCharsets.UTF_8)),
                start, end, c.getInt("beam-width"), c.getInt("max-length"), c.getDouble("length-penalty"), bleu, chrf);

        Dataset<Row> pairs = context.spark().read().parquet(c.getStringList("input").toArray(new String[0]));
        for (String column : List.of("id", "src", "tgt")) {
            if (!Arrays.asList(pairs.columns()).contains(column)) {
                throw new UsageException("eval bleu: the input has no " + column + " column: it reads sparkllm pairs output");
            }
        }
        if (!c.getIsNull("split")) {
            if (!Arrays.asList(pairs.columns()).contains("split")) {
                throw new UsageException("eval bleu: the input has no split column; set split = null to take every pair");
            }
            pairs = pairs.filter(col("split").equalTo(c.getString("split")));
        }
        Broadcast<byte[]> shipped = context.spark().sparkContext().broadcast(tokenizerJson,
                scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
        HadoopConf hadoop = new HadoopConf(context.hadoopConf());
        Dataset<Row> translations = pairs.select("id", "src", "tgt")
                .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> translate(rows, decoding, shipped.value(), hadoop),
                        Encoders.row(TRANSLATIONS))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long n = translations.count();
        if (n == 0) {
            throw new UsageException("eval bleu: no pairs to translate" + (c.getIsNull("split") ? "" : " in split '"
                    + c.getString("split") + "'"));
        }
        translations.drop("bleu_statistics", "chrf_statistics").orderBy("id")
                .write().parquet(context.staging("translations").toString());

        // Statistics travel as long arrays (Kryo cannot build records) and add up element by element.
        BleuStatistics bleuTotal = bleuStatistics(translations.select("bleu_statistics").javaRDD()
                .map(r -> longs(r.getList(0))).reduce(EvalBleuJob::sum));
        ChrfStatistics chrfTotal = new ChrfStatistics(translations.select("chrf_statistics").javaRDD()
                .map(r -> longs(r.getList(0))).reduce(EvalBleuJob::sum));
        BleuScore bleuScore = bleu.score(bleuTotal, "1");
        ChrfScore chrfScore = chrf.score(chrfTotal, "1");
        ObjectNode metrics = JSON.createObjectNode();
        metrics.put("examples", n);
        metrics.set("bleu", JSON.valueToTree(bleuScore.toJson()));
        metrics.set("chrf", JSON.valueToTree(chrfScore.toJson()));
        ObjectNode decodingNode = metrics.putObject("decoding");
        decodingNode.put("beam_width", decoding.width()).put("max_length", decoding.maxLength())
                .put("length_penalty", decoding.lengthPenalty());
        List<Row> worst = translations.orderBy(col("sentence_bleu"), col("id")).limit(c.getInt("worst-examples"))
                .collectAsList();
        EvalOutputs.write(context, metrics, report(model, metrics, bleuScore, chrfScore, worst));
        context.recordInput(String.join(",", c.getStringList("input")), n);
        context.recordInput(model, 1);
        context.recordOutput("translations", "translations", n, "kept");
        context.count("bleu", bleuScore.score());
        context.count("chrf", chrfScore.score());
        translations.unpersist();
    }

    private static EvalReport report(String model, ObjectNode metrics, BleuScore bleu, ChrfScore chrf, List<Row> worst)
            throws java.io.IOException {
        EvalReport report = new EvalReport("Translation: " + model);
        report.paragraph(bleu.name() + " = " + String.format("%.2f", bleu.score()) + " " + bleu.details() + "   "
                + bleu.signature().format());
        report.metrics("Metrics", metrics);
        Map<String, Double> precisions = new LinkedHashMap<>();
        for (int i = 0; i < bleu.precisions().length; i++) {
            precisions.put((i + 1) + "-gram", bleu.precisions()[i]);
        }
        report.chart("BLEU n-gram precisions", BarChart.png("BLEU n-gram precisions (%)", "precision", Map.of("BLEU", precisions)));
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : worst) {
            rows.add(List.of(r.getString(0), r.getDouble(r.fieldIndex("sentence_bleu")), r.getString(1), r.getString(2),
                    r.getString(3)));
        }
        report.table("Lowest sentence BLEU", List.of("id", "sentence BLEU", "source", "reference", "hypothesis"), rows);
        return report;
    }

    private static Iterator<Row> translate(Iterator<Row> rows, Decoding d, byte[] tokenizerJson, HadoopConf hadoop) {
        Tokenizer tokenizer = ExecutorTokenizers.of(d.tokenizerKey(), tokenizerJson);
        SavedModels.Loaded loaded = ExecutorModels.graph(d.model(), hadoop.get());
        BeamSearch search = new BeamSearch(new CachedTranslator(loaded.graph(), loaded.spec()),
                BeamSettings.of(d.width(), d.maxLength(), d.start(), d.end()).withLengthPenalty(d.lengthPenalty()));
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            int[] ids = tokenizer.encode(r.getString(1), false);
            int[] source = Arrays.copyOf(ids, ids.length + 1);
            source[ids.length] = d.end();
            List<Hypothesis> best = search.search(source);
            int[] tokens = best.isEmpty() ? new int[0] : best.get(0).tokens();
            String hypothesis = tokenizer.decode(tokens, true);
            String reference = r.getString(2);
            BleuStatistics bs = d.bleu().statistics(hypothesis, List.of(reference));
            ChrfStatistics cs = d.chrf().statistics(hypothesis, List.of(reference));
            double sentenceBleu = d.bleu().sentenceScore(hypothesis, List.of(reference)).score();
            double sentenceChrf = d.chrf().fScore(cs) * 100;
            out.add(RowFactory.create(r.getString(0), r.getString(1), reference, hypothesis, tokens, sentenceBleu, sentenceChrf,
                    flatten(bs), cs.counts()));
        }
        return out.iterator();
    }

    /** hyp length, ref length, then matches and totals per order. */
    private static long[] flatten(BleuStatistics s) {
        int orders = s.maxOrder();
        long[] out = new long[2 + 2 * orders];
        out[0] = s.hypLength();
        out[1] = s.refLength();
        System.arraycopy(s.matches(), 0, out, 2, orders);
        System.arraycopy(s.totals(), 0, out, 2 + orders, orders);
        return out;
    }

    private static long[] sum(long[] a, long[] b) {
        long[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }

    private static BleuStatistics bleuStatistics(long[] v) {
        int orders = (v.length - 2) / 2;
        return new BleuStatistics(v[0], v[1], Arrays.copyOfRange(v, 2, 2 + orders), Arrays.copyOfRange(v, 2 + orders, v.length));
    }

    private static long[] longs(List<Long> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static Smoothing smoothing(String name) {
        for (Smoothing s : Smoothing.values()) {
            if (s.cliName().equals(name)) {
                return s;
            }
        }
        throw new UsageException("eval bleu: bleu.smooth must be exp, floor, add-k or none, got '" + name + "'");
    }

    private static int tokenId(Tokenizer tokenizer, String token, String setting) {
        int id = tokenizer.tokenToId(token);
        if (id < 0) {
            throw new UsageException("eval bleu: " + setting + " '" + token + "' is not in the model's tokenizer");
        }
        return id;
    }
}
