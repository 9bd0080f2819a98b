package io.sparkllm.model.checkpoint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HalfFloatsTest {
    @Test
    void everyHalfValueSurvivesTheTripThroughFloat() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = HalfFloats.halfToFloat((short) bits);
            if (Float.isNaN(f)) {
                assertThat(HalfFloats.floatToHalf(f) & 0x7C00).isEqualTo(0x7C00);
                continue;
            }
            assertThat(HalfFloats.floatToHalf(f) & 0xFFFF).as("half bits %04x", bits).isEqualTo(bits);
        }
    }

    @Test
    void knownHalfEncodingsAndRoundingToNearestEven() {
        assertThat(HalfFloats.floatToHalf(1.0f)).isEqualTo((short) 0x3C00);
        assertThat(HalfFloats.floatToHalf(-2.0f)).isEqualTo((short) 0xC000);
        assertThat(HalfFloats.floatToHalf(65504f)).isEqualTo((short) 0x7BFF);
        assertThat(HalfFloats.floatToHalf(65520f)).as("rounds up to infinity").isEqualTo((short) 0x7C00);
        assertThat(HalfFloats.floatToHalf(0x1p-24f)).as("smallest subnormal").isEqualTo((short) 0x0001);
        assertThat(HalfFloats.floatToHalf(0x1p-25f)).as("half of it ties to even zero").isEqualTo((short) 0);
        assertThat(HalfFloats.floatToHalf(0.1f)).isEqualTo((short) 0x2E66);
        // 1 + 2^-11 lies halfway between 1 and the next half (1 + 2^-10): ties go to the even one, 1.
        assertThat(HalfFloats.floatToHalf(1f + 0x1p-11f)).isEqualTo((short) 0x3C00);
        assertThat(HalfFloats.floatToHalf(1f + 3 * 0x1p-11f)).isEqualTo((short) 0x3C02);
        assertThat(HalfFloats.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
    }

    @Test
    void bfloat16KeepsTheTopSixteenBitsRoundedToNearestEven() {
        assertThat(HalfFloats.floatToBfloat16(1.0f)).isEqualTo((short) 0x3F80);
        assertThat(HalfFloats.bfloat16ToFloat((short) 0x4049)).isEqualTo(3.140625f);
        assertThat(HalfFloats.floatToBfloat16((float) Math.PI)).isEqualTo((short) 0x4049);
        assertThat(HalfFloats.floatToBfloat16(Float.intBitsToFloat(0x3F808000))).as("tie to even").isEqualTo((short) 0x3F80);
        assertThat(HalfFloats.floatToBfloat16(Float.intBitsToFloat(0x3F818000))).as("tie to even").isEqualTo((short) 0x3F82);
        assertThat(Float.isNaN(HalfFloats.bfloat16ToFloat(HalfFloats.floatToBfloat16(Float.NaN)))).isTrue();
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = HalfFloats.bfloat16ToFloat((short) bits);
            if (!Float.isNaN(f)) {
                assertThat(HalfFloats.floatToBfloat16(f) & 0xFFFF).isEqualTo(bits);
            }
        }
    }
}
