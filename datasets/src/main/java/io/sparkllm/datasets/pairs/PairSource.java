package io.sparkllm.datasets.pairs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One unit of pair input, read by one task: a Moses file pair ({@code NAME.de} beside
 * {@code NAME.en}, each optionally .gz or .zst), a TSV file or a JSONL file. {@code label} names it
 * in the outputs' {@code source} column: {@code dir/train.{de,en}.gz} for a Moses pair.
 * {@code tgtFile} is null for a Moses side whose partner is missing.
 */
public record PairSource(Kind kind, String srcFile, String tgtFile, String label, String givenSplit)
        implements Serializable {
    /** How the unit's lines hold pairs. */
    public enum Kind { MOSES, TSV, JSONL }

    private static final String[] COMPRESSIONS = {".gz", ".zst"};

    /**
     * Groups sorted input files into units. Moses sides pair up by the name before the language
     * suffix; a side without its partner is still a unit (its lines are quarantined). Any other
     * file is an error: nothing in the input is skipped silently.
     *
     * @throws IllegalArgumentException naming the first file that is neither a side, TSV nor JSONL
     */
    public static List<PairSource> group(List<String> files, String srcLang, String tgtLang) {
        Map<String, String[]> moses = new LinkedHashMap<>();
        List<PairSource> units = new ArrayList<>();
        for (String file : files) {
            String name = stripCompression(file).toLowerCase(Locale.ROOT);
            if (name.endsWith(".tsv")) {
                units.add(new PairSource(Kind.TSV, file, null, file, split(file)));
            } else if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
                units.add(new PairSource(Kind.JSONL, file, null, file, split(file)));
            } else if (name.endsWith("." + srcLang) || name.endsWith("." + tgtLang)) {
                boolean isSrc = name.endsWith("." + srcLang);
                String stripped = stripCompression(file);
                String stem = stripped.substring(0, stripped.length() - (isSrc ? srcLang : tgtLang).length() - 1);
                moses.computeIfAbsent(stem, k -> new String[2])[isSrc ? 0 : 1] = file;
            } else {
                throw new IllegalArgumentException("not a pair file: " + file + " (expected NAME." + srcLang
                        + " with NAME." + tgtLang + ", optionally .gz or .zst; .tsv; or .jsonl)");
            }
        }
        for (Map.Entry<String, String[]> e : moses.entrySet()) {
            String src = e.getValue()[0];
            String tgt = e.getValue()[1];
            String present = src != null ? src : tgt;
            String label = src != null && tgt != null && compression(src).equals(compression(tgt))
                    ? e.getKey() + ".{" + srcLang + "," + tgtLang + "}" + compression(src)
                    : src != null && tgt != null ? src + " + " + tgt : present;
            // A lone target side is read as the source of a unit without a partner.
            units.add(new PairSource(Kind.MOSES, present, src != null ? tgt : null, label, split(present)));
        }
        units.sort((a, b) -> a.label().compareTo(b.label()));
        return units;
    }

    /** The file of the side this unit lacks, for the quarantine's error; null when it lacks none. */
    public String missingPartner(String srcLang, String tgtLang) {
        if (kind != Kind.MOSES || tgtFile != null) {
            return null;
        }
        String stripped = stripCompression(srcFile);
        String compression = compression(srcFile);
        boolean hasSrc = stripped.endsWith("." + srcLang);
        String stem = stripped.substring(0, stripped.lastIndexOf('.'));
        return stem + "." + (hasSrc ? tgtLang : srcLang) + compression;
    }

    private static String split(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        Optional<String> split = PairSplits.fromFileName(name);
        return split.orElse(null);
    }

    private static String compression(String file) {
        for (String c : COMPRESSIONS) {
            if (file.endsWith(c)) {
                return c;
            }
        }
        return "";
    }

    private static String stripCompression(String file) {
        return file.substring(0, file.length() - compression(file).length());
    }
}
