package io.sparkllm.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.jobs.tokenize.TokenizeJob;
import io.sparkllm.jobs.train.TrainJob;
import io.sparkllm.jobs.train.TrainJobTest;
import io.sparkllm.model.checkpoint.SavedModels;
import io.sparkllm.testing.HeadlessChromium;
import io.sparkllm.testing.Jobs;
import io.sparkllm.testing.ShakespeareWindows;
import io.sparkllm.testing.SharedData;
import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trains a small language classifier on real web pages (TurkuNLP register sets: fr, sv, zh), then
 * evaluates it on the held-out pages: the executors' batched predictions equal the model's
 * answer for each page alone, the metrics follow from the predictions, and report.html renders in
 * headless Chromium with the numbers of metrics.json.
 */
public class EvalClassifyJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void evaluatesAClassifierOnHeldOutPagesAndReportsWhatMetricsJsonSays(@TempDir Path tmp) throws Exception {
        TestSpark.session();
        ShakespeareWindows.prepare(tmp);
        StringBuilder pages = new StringBuilder();
        for (String lang : List.of("fr", "sv", "zh")) {
            for (String line : Files.readAllLines(SharedData.path("webdocs/turku_register/" + lang + ".jsonl"))) {
                pages.append(line).append('\n');
            }
        }
        Files.writeString(tmp.resolve("pages.jsonl"), pages);
        Map<String, Object> tokenize = new HashMap<>();
        tokenize.put("input", List.of(tmp.resolve("pages.jsonl").toString()));
        tokenize.put("output", tmp.resolve("lang").toString());
        tokenize.put("tokenizer", tmp.resolve("tokenizer/tokenizer.json").toString());
        tokenize.put("task", "classify");
        tokenize.put("classify.label-field", "lang");
        tokenize.put("seq-len", 24);
        tokenize.put("valid-fraction", 0.05);
        Jobs.run(new TokenizeJob(), tokenize);
        Map<String, Object> train = TrainJobTest.settings(tmp.resolve("lang"), ShakespeareWindows.preset(tmp), tmp.resolve("clf"));
        train.put("task", "classify");
        train.put("max-steps", 10);
        Jobs.run(new TrainJob(), train);

        Path out = tmp.resolve("eval");
        Map<String, Object> eval = new HashMap<>();
        eval.put("input", List.of(tmp.resolve("lang/valid").toString()));
        eval.put("output", out.toString());
        eval.put("model", tmp.resolve("clf/model").toString());
        eval.put("batch-size", 7);
        Jobs.run(new EvalClassifyJob(), eval);

        // Each page alone through the saved model gives the prediction the batched executors wrote.
        var graph = SavedModels.load(tmp.resolve("clf/model"), DataType.FLOAT).graph();
        Map<String, Integer> predicted = new HashMap<>();
        for (Row r : TestSpark.session().read().parquet(out.resolve("predictions").toString()).collectAsList()) {
            predicted.put(r.getString(r.fieldIndex("id")), r.getInt(r.fieldIndex("predicted")));
        }
        List<Row> valid = TestSpark.session().read().parquet(tmp.resolve("lang/valid").toString()).collectAsList();
        assertThat(predicted).hasSize(valid.size());
        long[][] confusion = new long[3][3];
        for (Row r : valid) {
            List<Integer> ids = r.getList(r.fieldIndex("input_ids"));
            INDArray x = Nd4j.createFromArray(ids.stream().mapToDouble(Integer::doubleValue).toArray())
                    .castTo(DataType.FLOAT).reshape(1, 1, ids.size());
            int alone = graph.output(x)[0].argMax(1).getInt(0);
            assertThat(predicted.get(r.getString(r.fieldIndex("id")))).as(r.getString(r.fieldIndex("id"))).isEqualTo(alone);
            confusion[r.getInt(r.fieldIndex("label"))][alone]++;
        }
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        long correct = confusion[0][0] + confusion[1][1] + confusion[2][2];
        assertThat(metrics.get("accuracy").asDouble()).isEqualTo((double) correct / valid.size());
        assertThat(metrics.get("confusion").get("sv").get(1).asLong()).isEqualTo(confusion[1][1]);
        assertThat(metrics.get("macro_f1").asDouble()).isBetween(0.0, 1.0);

        // The page shows exactly the numbers of metrics.json, and its chart decodes.
        String dom = HeadlessChromium.dom(out.resolve("report.html"));
        Map<String, String> shown = HeadlessChromium.metrics(dom);
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        EvalReport.flatten("", metrics, expected);
        for (String key : List.of("accuracy", "macro_f1", "examples", "per_label.fr.f1", "per_label.zh.recall")) {
            assertThat(shown).containsEntry(key, EvalReport.text(expected.get(key)));
        }
        assertThat(dom).contains("data-charts=\"1\"").contains("data-charts-rendered=\"1\"");
    }
}
