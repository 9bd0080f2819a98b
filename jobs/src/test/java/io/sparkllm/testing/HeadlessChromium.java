package io.sparkllm.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Loads a page in headless Chromium (Debian's chromium, installed by .ci/run) and returns its DOM after load. */
public final class HeadlessChromium {
    private static final Pattern METRIC = Pattern.compile("data-metric=\"([^\"]*)\">([^<]*)<");

    private HeadlessChromium() {
    }

    public static String dom(Path page) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + page.getParent().resolve(".chromium"), "--virtual-time-budget=5000", "--dump-dom",
                page.toUri().toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("chromium could not load " + page);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The page's metric cells: data-metric path → the text shown (HTML entities of quotes and brackets undone). */
    public static Map<String, String> metrics(String dom) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = METRIC.matcher(dom);
        while (m.find()) {
            out.put(unescape(m.group(1)), unescape(m.group(2)));
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }
}
