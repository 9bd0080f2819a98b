package io.sparkllm.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.jobs.train.TrainJob;
import io.sparkllm.jobs.train.TrainJobTest;
import io.sparkllm.model.checkpoint.SavedModels;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.model.zoo.Logits;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Perplexity of a small GPT-2 trained on Tiny Shakespeare: over its held-out windows, where each
 * window's loss equals the saved model's on that window alone, and over raw multilingual web
 * pages, where every page's tokens are counted once under its language and a broken line is
 * quarantined. The report renders with the numbers of metrics.json.
 */
public class EvalPerplexityJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** −Σ log p(ids[t+1] | ids[..t]) from logits [time, vocab]. */
    /**
     * A window's summed next-token loss from the saved model on that window alone, attention kept
     * within each document packed into it (the input mask numbers them from its document starts).
     */
    private static double loss(ComputationGraph graph, List<Integer> ids, List<Integer> starts) {
        int time = ids.size() - 1;
        float[] input = new float[time];
        float[] documents = new float[time];
        for (int t = 0; t < time; t++) {
            input[t] = ids.get(t);
            int position = t;
            documents[t] = 1 + starts.stream().filter(s -> s > 0 && s <= position).count();
        }
        graph.setLayerMaskArrays(new INDArray[] {Nd4j.createFromArray(documents).reshape(1, time)}, null);
        INDArray logits = Logits.of(graph, Nd4j.createFromArray(input).reshape(1, 1, time)).slice(0);
        graph.clearLayerMaskArrays();
        double total = 0;
        for (int t = 0; t < time; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < logits.size(1); v++) {
                max = Math.max(max, logits.getDouble(t, v));
            }
            double sum = 0;
            for (int v = 0; v < logits.size(1); v++) {
                sum += Math.exp(logits.getDouble(t, v) - max);
            }
            total += max + Math.log(sum) - logits.getDouble(t, ids.get(t + 1));
        }
        return total;
    }

    @Test
    void perplexityOfHeldOutWindowsAndOfRawPagesPerLanguage(@TempDir Path tmp) throws Exception {
        TestSpark.session();
        Path windows = ShakespeareWindows.prepare(tmp);
        Map<String, Object> train = TrainJobTest.settings(windows, ShakespeareWindows.preset(tmp), tmp.resolve("gpt"));
        train.put("max-steps", 4);
        Jobs.run(new TrainJob(), train);
        ComputationGraph graph = SavedModels.load(tmp.resolve("gpt/model"), DataType.FLOAT).graph();

        Path out = tmp.resolve("ppl");
        Map<String, Object> eval = new HashMap<>();
        eval.put("input", List.of(windows.resolve("valid").toString()));
        eval.put("output", out.toString());
        eval.put("model", tmp.resolve("gpt/model").toString());
        eval.put("batch-size", 3);
        Jobs.run(new EvalPerplexityJob(), eval);
        Map<String, List<Integer>> windowIds = new HashMap<>();
        Map<String, List<Integer>> windowStarts = new HashMap<>();
        for (Row r : TestSpark.session().read().parquet(windows.resolve("valid").toString()).collectAsList()) {
            windowIds.put(String.valueOf(r.getLong(r.fieldIndex("window"))), r.getList(r.fieldIndex("input_ids")));
            windowStarts.put(String.valueOf(r.getLong(r.fieldIndex("window"))), r.getList(r.fieldIndex("document_starts")));
        }
        double total = 0;
        long tokens = 0;
        for (Row r : TestSpark.session().read().parquet(out.resolve("examples").toString()).collectAsList()) {
            double alone = loss(graph, windowIds.get(r.getString(0)), windowStarts.get(r.getString(0)));
            assertThat(r.getDouble(r.fieldIndex("loss"))).as(r.getString(0)).isCloseTo(alone, within(1e-3 * Math.abs(alone)));
            total += alone;
            tokens += r.getLong(r.fieldIndex("tokens"));
        }
        assertThat(tokens).isEqualTo(32L * windowIds.size());
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("task").asText()).isEqualTo("causal");
        assertThat(metrics.get("perplexity").asDouble()).isCloseTo(Math.exp(total / tokens), within(1e-3 * Math.exp(total / tokens)));
        assertThat(metrics.get("by_lang").get("unknown").get("tokens").asLong()).isEqualTo(tokens);

        // Raw pages in two languages, one broken line.
        List<String> lines = new ArrayList<>();
        for (String lang : List.of("fr", "zh")) {
            lines.addAll(Files.readAllLines(SharedData.path("webdocs/turku_register/" + lang + ".jsonl")).subList(0, 6));
        }
        lines.add("{\"id\": \"broken\", \"text\": ");
        Files.write(tmp.resolve("pages.jsonl"), lines);
        Path pagesOut = tmp.resolve("ppl-pages");
        eval.put("mode", "documents");
        eval.put("input", List.of(tmp.resolve("pages.jsonl").toString()));
        eval.put("output", pagesOut.toString());
        eval.put("seq-len", 32);
        JsonNode manifest = Jobs.run(new EvalPerplexityJob(), eval);
        Tokenizer tokenizer = TokenizerFiles.load(tmp.resolve("gpt/model/tokenizer.json"));
        Map<String, Long> expectedTokens = new HashMap<>();
        for (String line : lines.subList(0, lines.size() - 1)) {
            JsonNode page = JSON.readTree(line);
            // Every id of the page and its EOS is predicted once; the first id is context only.
            expectedTokens.merge(page.get("lang").asText(), (long) tokenizer.encode(page.get("text").asText(), false).length,
                    Long::sum);
        }
        JsonNode pageMetrics = JSON.readTree(pagesOut.resolve("metrics.json").toFile());
        assertThat(pageMetrics.get("by_lang").get("fr").get("tokens").asLong()).isEqualTo(expectedTokens.get("fr"));
        assertThat(pageMetrics.get("by_lang").get("zh").get("tokens").asLong()).isEqualTo(expectedTokens.get("zh"));
        assertThat(pageMetrics.get("by_source").get(pageMetrics.get("by_source").fieldNames().next()).get("tokens").asLong())
                .isEqualTo(expectedTokens.get("fr") + expectedTokens.get("zh"));
        Map<String, Long> outputs = new HashMap<>();
        manifest.path("outputs").forEach(o -> outputs.put(o.path("name").asText(), o.path("records").asLong()));
        assertThat(outputs.get("quarantine")).isEqualTo(1);

        String dom = HeadlessChromium.dom(pagesOut.resolve("report.html"));
        Map<String, String> shown = HeadlessChromium.metrics(dom);
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        EvalReport.flatten("", pageMetrics, expected);
        for (String key : List.of("perplexity", "loss", "tokens", "by_lang.fr.perplexity", "by_lang.zh.tokens")) {
            assertThat(shown).containsEntry(key, EvalReport.text(expected.get(key)));
        }
        assertThat(dom).contains("data-charts-rendered=\"1\"");
    }
}
