package io.sparkllm.jobs.eval.bleu;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Python's {@code f"{x:.Nf}"}: the exact binary value rounded half to even. {@code String.format} rounds the
 * shortest decimal form half up instead, and so prints 0.125 as 0.13 and 1.005 as 1.01 where Python prints
 * 0.12 and 1.00; the printed scores must be the same as sacreBLEU's.
 */
public final class PythonFormat {
    private PythonFormat() {
    }

    public static String fixed(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String text = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        boolean negativeZero = value < 0 || (value == 0 && 1 / value < 0);
        return negativeZero && !text.startsWith("-") ? "-" + text : text;
    }
}
