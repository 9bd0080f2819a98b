package io.sparkllm.jobs.generate;

import com.typesafe.config.Config;
import io.sparkllm.model.generate.SamplingSettings;
import io.sparkllm.model.tokenizer.Tokenizer;
import io.sparkllm.runtime.UsageException;

import java.util.List;

/** The generate job's decoding settings, read from its config and checked in one place. */
public final class GenerationSettings {
    private GenerationSettings() {
    }

    public static SamplingSettings from(Config c, Tokenizer tokenizer) {
        try {
            SamplingSettings s = (c.getBoolean("greedy") ? SamplingSettings.greedyDecoding() : SamplingSettings.defaults())
                    .withTemperature(c.getDouble("temperature"))
                    .withTopK(c.getInt("top-k"))
                    .withTopP(c.getDouble("top-p"))
                    .withRepetitionPenalty(c.getDouble("repetition-penalty"))
                    .withSeed(c.getLong("seed"))
                    .withMaxNewTokens(c.getInt("max-new-tokens"));
            List<String> stops = c.getStringList("stop");
            if (!stops.isEmpty()) {
                s = s.withStopSequences(stops.toArray(String[]::new));
            }
            if (!c.getIsNull("eos-token")) {
                int eos = tokenizer.tokenToId(c.getString("eos-token"));
                if (eos < 0) {
                    throw new UsageException("eos-token '" + c.getString("eos-token") + "' is not in the tokenizer's vocabulary");
                }
                s = s.withStopTokenIds(eos);
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new UsageException("generate: " + e.getMessage());
        }
    }
}
