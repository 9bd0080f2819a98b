package io.sparkllm.model.generate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplingSettingsTest {
    private static final SamplingSettings S = SamplingSettings.defaults();

    @Test
    void invalidValuesAreOneLineErrorsNamingTheSetting() {
        assertThatThrownBy(() -> S.withTemperature(0)).hasMessage("temperature must be > 0 and finite, got 0.0");
        assertThatThrownBy(() -> S.withTemperature(-1)).hasMessageStartingWith("temperature must be > 0");
        assertThatThrownBy(() -> S.withTemperature(Double.NaN)).hasMessageStartingWith("temperature must be > 0");
        assertThatThrownBy(() -> S.withTopP(0)).hasMessage("topP must be in (0, 1] (1 turns it off), got 0.0");
        assertThatThrownBy(() -> S.withTopP(1.5)).hasMessageStartingWith("topP must be in (0, 1]");
        assertThatThrownBy(() -> S.withTopP(Double.NaN)).hasMessageStartingWith("topP must be in (0, 1]");
        assertThatThrownBy(() -> S.withTopK(-1)).hasMessage("topK must be >= 0 (0 turns it off), got -1");
        assertThatThrownBy(() -> S.withRepetitionPenalty(0)).hasMessageStartingWith("repetitionPenalty must be > 0");
        assertThatThrownBy(() -> S.withMaxNewTokens(0)).hasMessage("maxNewTokens must be >= 1, got 0");
        assertThatThrownBy(() -> S.withStopTokenIds(-2)).hasMessage("stopTokenIds must be >= 0, got -2");
        assertThatThrownBy(() -> S.withStopSequences("\n", "")).hasMessage("stopSequences must not hold an empty string");
    }

    @Test
    void boundaryValuesAreAccepted() {
        assertThat(S.withTopP(1.0).topP()).isEqualTo(1.0);
        assertThat(S.withTopK(0).topK()).isZero();
        assertThat(S.withTemperature(1e-9).temperature()).isEqualTo(1e-9);
        assertThat(S.withStopTokenIds(0, 5).stopTokenIds()).containsExactlyInAnyOrder(0, 5);
    }
}
