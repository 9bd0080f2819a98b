package io.sparkllm.jobs.humaneval;

import com.typesafe.config.Config;
import io.sparkllm.datasets.humaneval.InvalidProblemException;
import io.sparkllm.datasets.humaneval.Language;
import io.sparkllm.datasets.humaneval.Problem;
import io.sparkllm.datasets.humaneval.ProblemParser;
import io.sparkllm.jobs.CorpusJob;
import io.sparkllm.runtime.JobContext;
import io.sparkllm.runtime.JobFailedException;
import io.sparkllm.runtime.UsageException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * {@code sparkllm humaneval-prep}: reads HumanEval-X's per-language problem files and the original
 * HumanEval, checks every record against its language's schema, and writes one sorted Parquet table
 * of problems. Bad records go to {@code quarantine/} with a one-line reason naming file, line and
 * field. The files are small (164 records each): they are read on the driver.
 */
public final class HumanEvalPrepJob extends CorpusJob {
    private static final Pattern X_FILE = Pattern.compile("humaneval_(python|cpp|java|js|go)\\.jsonl(\\.gz)?");
    private static final Pattern ORIGINAL_FILE = Pattern.compile("HumanEval\\.jsonl(\\.gz)?");
    private static final int RAW_CHARS = 1000;

    @Override
    public String name() {
        return "humaneval-prep";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Config c = context.config();
        List<Row> problems = new ArrayList<>();
        List<Row> quarantine = new ArrayList<>();
        Map<String, Long> perLanguage = new TreeMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        long records = 0;
        int warnings = 0;
        for (FileStatus file : files(context, c.getStringList("input"))) {
            Language language = languageOf(file.getPath().getName());
            long inFile = 0;
            try (BufferedReader reader = open(context, file.getPath())) {
                String line;
                long number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    inFile++;
                    String where = file.getPath().getName() + ":" + number;
                    try {
                        Problem p = ProblemParser.parse(language, line);
                        if (!seen.add(p.taskId())) {
                            throw new InvalidProblemException("duplicate_task_id",
                                    "field 'task_id' is '" + p.taskId() + "', already read");
                        }
                        problems.add(ProblemTable.toRow(p, ProblemParser.number(p.taskId())));
                        perLanguage.merge(language.id(), 1L, Long::sum);
                    } catch (InvalidProblemException e) {
                        quarantine.add(RowFactory.create(file.getPath().toString(), number, e.rule(), e.getMessage(),
                                line.length() > RAW_CHARS ? line.substring(0, RAW_CHARS) : line));
                        reasons.merge(e.rule(), 1L, Long::sum);
                        if (warnings++ < 20) {
                            context.say("quarantined " + where + ": " + e.getMessage());
                        }
                    }
                }
            }
            context.recordInput(file.getPath().toString(), inFile);
            records += inFile;
        }
        if (records != problems.size() + quarantine.size()) {
            throw new JobFailedException("humaneval-prep: " + records + " records in but " + problems.size()
                    + " kept and " + quarantine.size() + " quarantined");
        }
        problems.sort(Comparator.<Row, String>comparing(r -> r.getString(0)).thenComparingInt(r -> r.getInt(2)));
        quarantine.sort(Comparator.<Row, String>comparing(r -> r.getString(0)).thenComparingLong(r -> r.getLong(1)));
        // one sorted file each: the table is a few megabytes at most
        context.spark().createDataFrame(problems, ProblemTable.SCHEMA).coalesce(1).write()
                .parquet(context.staging("problems").toString());
        context.spark().createDataFrame(quarantine, ProblemTable.QUARANTINE).coalesce(1).write()
                .parquet(context.staging("quarantine").toString());

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("records", records);
        stats.put("problems", (long) problems.size());
        stats.put("quarantined", (long) quarantine.size());
        stats.put("languages", perLanguage);
        stats.put("quarantine", reasons);
        context.writeJson("stats.json", stats);
        context.recordOutput("problems", "problems", problems.size(), "kept");
        context.recordOutput("quarantine", "quarantine", quarantine.size(), "quarantined");
        perLanguage.forEach((language, n) -> context.count("problems_" + language, n));
    }

    /** The language of a problem file, from HumanEval-X's and HumanEval's file names. */
    static Language languageOf(String fileName) {
        Matcher x = X_FILE.matcher(fileName);
        if (x.matches()) {
            return Language.of(x.group(1));
        }
        if (ORIGINAL_FILE.matcher(fileName).matches()) {
            return Language.HUMANEVAL;
        }
        throw new UsageException("humaneval-prep: can't tell the language of '" + fileName
                + "' (expected humaneval_{python,cpp,java,js,go}.jsonl[.gz] or HumanEval.jsonl[.gz])");
    }

    private static List<FileStatus> files(JobContext context, List<String> patterns) throws IOException {
        if (patterns.isEmpty()) {
            throw new UsageException("humaneval-prep: set 'input' (HumanEval-X and HumanEval problem files)");
        }
        List<FileStatus> all = new ArrayList<>();
        for (String pattern : patterns) {
            Path p = new Path(pattern);
            FileStatus[] found = p.getFileSystem(context.hadoopConf()).globStatus(p);
            if (found == null || found.length == 0) {
                throw new JobFailedException("humaneval-prep: no files at " + pattern);
            }
            Arrays.stream(found).filter(FileStatus::isFile).forEach(all::add);
        }
        all.sort(Comparator.comparing(f -> f.getPath().toString()));
        return all;
    }

    private static BufferedReader open(JobContext context, Path path) throws IOException {
        FileSystem fs = context.fileSystem(path);
        InputStream raw = fs.open(path);
        return new BufferedReader(new InputStreamReader(
                path.getName().endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8));
    }
}
