package io.sparkllm.datasets.humaneval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One import block for a HumanEval-X Go test file. The problem's imports, the test's and the
 * standard packages HumanEval-X's harness adds when a completion uses them are merged, and each
 * is kept only if the code names it: Go refuses to compile an unused import.
 */
final class GoImports {
    /** The packages HumanEval-X's harness offers a completion (its IMPORT_HELPER for Go). */
    static final List<String> HELPER = List.of("math", "strings", "fmt", "strconv", "time", "bytes", "regexp",
            "sort", "math/rand", "crypto/md5");
    private static final Set<String> ALWAYS = Set.of("testing", "github.com/stretchr/testify/assert");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private static final Pattern IMPORT_BLOCK = Pattern.compile("import\\s*(\\([^)]*\\)|\"[^\"]*\")");
    private static final Pattern PACKAGE_LINE = Pattern.compile("(?m)^\\s*package\\s+\\w+\\s*$");

    private GoImports() {
    }

    /** Every import path named in import declarations of {@code source}. */
    static Set<String> declared(String source) {
        Set<String> paths = new LinkedHashSet<>();
        if (source == null) {
            return paths;
        }
        Matcher block = IMPORT_BLOCK.matcher(source);
        while (block.find()) {
            Matcher q = QUOTED.matcher(block.group(1));
            while (q.find()) {
                paths.add(q.group(1));
            }
        }
        return paths;
    }

    /** {@code source} without its package clause and import declarations. */
    static String withoutDeclarations(String source) {
        if (source == null) {
            return "";
        }
        return PACKAGE_LINE.matcher(IMPORT_BLOCK.matcher(source).replaceAll("")).replaceAll("");
    }

    /** The import block for {@code code}: candidates it uses, plus testing and testify. */
    static String block(Set<String> candidates, String code) {
        String uncommented = stripComments(code);
        StringBuilder b = new StringBuilder("import (\n");
        for (String path : candidates) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (ALWAYS.contains(path) || Pattern.compile("\\b" + Pattern.quote(name) + "\\.").matcher(uncommented).find()) {
                b.append("    \"").append(path).append("\"\n");
            }
        }
        return b.append(")\n").toString();
    }

    /** Line and block comments out, so a package named in a doc comment is not taken as used. */
    private static String stripComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", "");
    }
}
