package io.sparkllm.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.jobs.eval.bleu.Bleu;
import io.sparkllm.jobs.eval.bleu.Chrf;

import io.sparkllm.jobs.train.TrainJob;
import io.sparkllm.jobs.train.TrainJobTest;
import io.sparkllm.model.checkpoint.SavedModels;
import io.sparkllm.model.generate.BeamSearch;
import io.sparkllm.model.generate.BeamSettings;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.model.tokenizer.TokenizerFiles;
import io.sparkllm.model.zoo.TransformerTranslator;
import io.sparkllm.runtime.UsageException;
import io.sparkllm.testing.HeadlessChromium;
import io.sparkllm.testing.Jobs;

import io.sparkllm.testing.TestSpark;
import org.apache.spark.sql.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Transformer trained briefly on Multi30K translates the first test_2016_flickr captions on the
 * executors: each translation equals the beam search run in-process on the saved model, the
 * corpus BLEU and chrF in metrics.json equal the sacreBLEU-exact scorer run on the written
 * translations, and report.html renders with those numbers.
 */
public class EvalBleuJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void translatesOnTheExecutorsAndScoresTheCorpusAsTheScorerDoes(@TempDir Path tmp) throws Exception {
        io.sparkllm.testing.Multi30kTranslation.prepare(tmp, 24);
        List<String> testDe = io.sparkllm.testing.Multi30kTranslation.lines("multi30k/test_2016_flickr.de.gz");
        List<String> testEn = io.sparkllm.testing.Multi30kTranslation.lines("multi30k/test_2016_flickr.en.gz");
        Map<String, Object> train = TrainJobTest.settings(tmp.resolve("mt"), tmp.resolve("mt.conf"), tmp.resolve("run"));
        train.put("task", "seq2seq");
        train.put("max-steps", 8);
        Jobs.run(new TrainJob(), train);

        Path out = tmp.resolve("eval");
        Map<String, Object> eval = new HashMap<>();
        eval.put("input", List.of(tmp.resolve("pairs").toString()));
        eval.put("output", out.toString());
        eval.put("model", tmp.resolve("run/model").toString());
        eval.put("beam-width", 2);
        eval.put("max-length", 12);
        JsonNode manifest = Jobs.run(new EvalBleuJob(), eval);
        assertThat(manifest.path("outputs").get(0).path("records").asLong()).isEqualTo(24);

        Tokenizer tokenizer = TokenizerFiles.load(tmp.resolve("run/model/tokenizer.json"));
        BeamSearch search = new BeamSearch(new TransformerTranslator(SavedModels.load(tmp.resolve("run/model"),
                DataType.FLOAT).graph()), BeamSettings.of(2, 12, tokenizer.tokenToId("<s>"), tokenizer.tokenToId("<|endoftext|>")));
        List<String> hypotheses = new ArrayList<>();
        List<String> references = new ArrayList<>();
        for (Row r : TestSpark.session().read().parquet(out.resolve("translations").toString()).orderBy("id").collectAsList()) {
            int i = Integer.parseInt(r.getString(0).substring(1));
            assertThat(r.getString(r.fieldIndex("reference"))).isEqualTo(testEn.get(i));
            int[] ids = tokenizer.encode(testDe.get(i), false);
            int[] source = Arrays.copyOf(ids, ids.length + 1);
            source[ids.length] = tokenizer.tokenToId("<|endoftext|>");
            String alone = tokenizer.decode(search.search(source).get(0).tokens(), true);
            assertThat(r.getString(r.fieldIndex("hypothesis"))).as(r.getString(0)).isEqualTo(alone);
            hypotheses.add(alone);
            references.add(testEn.get(i));
        }
        assertThat(hypotheses).hasSize(24);
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("bleu").get("score").asDouble())
                .isEqualTo(new Bleu().corpusScore(hypotheses, List.of(references)).score());
        assertThat(metrics.get("chrf").get("score").asDouble())
                .isEqualTo(new Chrf().corpusScore(hypotheses, List.of(references)).score());
        assertThat(metrics.get("bleu").get("ref_len").asLong()).isPositive();

        String dom = HeadlessChromium.dom(out.resolve("report.html"));
        Map<String, String> shown = HeadlessChromium.metrics(dom);
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        EvalReport.flatten("", metrics, expected);
        for (String key : List.of("bleu.score", "chrf.score", "bleu.bp", "bleu.hyp_len", "examples")) {
            assertThat(shown).containsEntry(key, EvalReport.text(expected.get(key)));
        }
        assertThat(dom).contains("data-charts-rendered=\"1\"");

        eval.put("output", tmp.resolve("none").toString());
        eval.put("split", "dev");
        assertThatThrownBy(() -> Jobs.run(new EvalBleuJob(), eval)).isInstanceOf(UsageException.class)
                .hasMessage("eval bleu: no pairs to translate in split 'dev'");
    }
}
