package io.sparkllm.model.zoo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;

import static org.assertj.core.api.Assertions.assertThat;

/** The full-size presets build and have exactly their published parameter counts. */
class PresetsTest {
    @ParameterizedTest
    @CsvSource({
            "gpt2-124m, 124439808",
            "gpt-117m, 116534784",
            "bloom-560m, 559214592",
            "llama-7b, 6738415616",
            "tinyllama-1.1b, 1100048384",
            "bert-base, 110106428",
            // embeddings 37000·512 + 6 encoder blocks of 3,152,384 + 6 decoder blocks of 4,204,032
            "transformer-base, 63082496"})
    void presetHasThePublishedParameterCount(String preset, long published) {
        ModelSpec spec = ModelSpec.fromFile(new File("../conf/model/" + preset + ".conf"));
        long count = ParameterCount.of(ModelGraphs.configuration(spec, 1));
        System.out.printf("%s: %,d parameters%n", preset, count);
        assertThat(count).isEqualTo(published);
    }
}
