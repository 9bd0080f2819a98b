package io.sparkllm.launchers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkllm.cli.Main;
import io.sparkllm.runtime.ConfigOverrides;
import io.sparkllm.runtime.JobConfigs;
import io.sparkllm.runtime.PipelineRunner;
import io.sparkllm.testing.ProjectRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The submit/ launchers print exactly the spark-submit commands a cluster needs. */
class LaunchersTest {
    private static final Path ROOT = ProjectRoot.get();
    private static final String MAIN = Main.class.getName();

    /** A process's exit code, stdout and stderr. */
    record Result(int code, String out, String err) {
    }

    private static Result run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    /** Runs a wrapper with --dry-run and splits the printed command back into its words, as a shell would. */
    private static List<String> dryRun(String script, String... args) throws Exception {
        List<String> inner = new ArrayList<>(List.of(ROOT.resolve("submit/" + script).toString(), "--dry-run"));
        inner.addAll(List.of(args));
        StringBuilder quoted = new StringBuilder();
        for (String a : inner) {
            quoted.append('\'').append(a.replace("'", "'\\''")).append("' ");
        }
        Result r = run(Map.of(), "bash", "-c", "eval \"set -- $(" + quoted + ")\" && printf '%s\\0' \"$@\"");
        assertThat(r.code()).as(r.err()).isZero();
        return Arrays.asList(r.out().split("\0"));
    }

    private static List<String> opens() throws IOException {
        return Files.readAllLines(ROOT.resolve("submit/lib/java17-opens"));
    }

    private static String jar(String flavour) throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>sparkllm-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).isTrue();
        return ROOT.resolve("jobs/target/sparkllm-jobs-" + m.group(1) + "-" + flavour + ".jar").toString();
    }

    /** The opens and the other JVM flags (submit/lib/jvm-flags), as drivers and executors get them. */
    private static String jvmOptions() throws IOException {
        return String.join(" ", jvmFlags());
    }

    private static void assertCommonSettings(List<String> args) throws IOException {
        String opens = jvmOptions();
        assertThat(args.get(0)).isEqualTo("spark-submit");
        assertThat(args).containsSubsequence("--class", MAIN);
        // A JVM whose heap is given also gets JavaCPP's limits after the shared flags.
        assertThat(args).anyMatch(a -> a.equals("spark.driver.extraJavaOptions=" + opens)
                || a.startsWith("spark.driver.extraJavaOptions=" + opens + " -Dorg.bytedeco.javacpp.maxbytes="));
        assertThat(args).anyMatch(a -> a.equals("spark.executor.extraJavaOptions=" + opens)
                || a.startsWith("spark.executor.extraJavaOptions=" + opens + " -Dorg.bytedeco.javacpp.maxbytes="));
        assertThat(args).containsSubsequence("--conf", "spark.executorEnv.MALLOC_MMAP_THRESHOLD_=131072");
        assertThat(args).containsSubsequence("--conf", "spark.serializer=org.apache.spark.serializer.KryoSerializer");
        assertThat(args).containsSubsequence("--conf", "spark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator");
    }

    @Test
    void theJava17FlagsAreTheSameInTheLaunchersThePomAndTheOperatorYaml() throws Exception {
        List<String> flags = opens();
        assertThat(flags).hasSize(13).allMatch(f -> f.matches("--add-opens=java\\.base/[a-z.]+=ALL-UNNAMED"));
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<java17.opens>([^<]+)</java17.opens>").matcher(pom);
        assertThat(m.find()).isTrue();
        assertThat(List.of(m.group(1).split(" "))).isEqualTo(flags);
        for (String manifest : List.of("sparkllm-sparkapplication.yaml", "sparkllm-train-gpu.yaml")) {
            Map<String, Object> app = new Yaml().load(Files.readString(ROOT.resolve("submit/k8s/" + manifest)));
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) app.get("spec");
            @SuppressWarnings("unchecked")
            Map<String, Object> sparkConf = (Map<String, Object>) spec.get("sparkConf");
            for (String role : List.of("driver", "executor")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> pod = (Map<String, Object>) spec.get(role);
                String memory = (String) pod.get("memory");
                assertThat(sparkConf.get("spark." + role + ".extraJavaOptions")).as(manifest + " " + role)
                        .isEqualTo(jvmOptions() + " " + commonSh("sparkllm_native_limits " + memory));
            }
        }
    }

    @Test
    void theOperatorYamlsAskForTheNativeAllowanceAndSetTheLaunchersEnvironment() throws Exception {
        Map<String, String> launcherEnv = Map.of(
                "OMP_WAIT_POLICY", commonSh("echo $OMP_WAIT_POLICY"),
                "MALLOC_MMAP_THRESHOLD_", commonSh("echo $MALLOC_MMAP_THRESHOLD_"));
        assertThat(launcherEnv).containsEntry("OMP_WAIT_POLICY", "PASSIVE").containsEntry("MALLOC_MMAP_THRESHOLD_", "131072");
        for (String manifest : List.of("sparkllm-sparkapplication.yaml", "sparkllm-train-gpu.yaml")) {
            Map<String, Object> app = new Yaml().load(Files.readString(ROOT.resolve("submit/k8s/" + manifest)));
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) app.get("spec");
            for (String role : List.of("driver", "executor")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> pod = (Map<String, Object>) spec.get(role);
                assertThat(pod.get("memoryOverhead")).as(manifest + " " + role)
                        .isEqualTo(commonSh("sparkllm_native_mb " + pod.get("memory")) + "m");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> env = (List<Map<String, Object>>) pod.get("env");
                Map<String, String> podEnv = new java.util.HashMap<>();
                env.forEach(e -> podEnv.put((String) e.get("name"), String.valueOf(e.get("value"))));
                assertThat(podEnv).as(manifest + " " + role).containsAllEntriesOf(launcherEnv);
            }
        }
    }

    /** What a shell line prints after sourcing the launchers' submit/lib/common.sh, in a clean environment. */
    private static String commonSh(String line) throws Exception {
        Result r = run(Map.of(), "env", "-u", "OMP_WAIT_POLICY", "-u", "MALLOC_MMAP_THRESHOLD_", "bash", "-c",
                "source submit/lib/common.sh && " + line);
        assertThat(r.code()).as(r.err()).isZero();
        return r.out().strip();
    }

    /**
     * The local launcher's class data sharing: a job without an archive writes one (under a name of
     * its own process), a job whose archive is newer than its jars maps it, a rebuilt jar makes it
     * write again; and the JVM really writes, then maps, such an archive with the launchers' flags.
     */
    @Test
    void theLocalLauncherWritesEachJobsClassArchiveOnceThenMapsIt(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("jobs.jar"), "stands for the jar");
        Map<String, String> env = Map.of("SPARKLLM_CDS_DIR", dir.resolve("cds").toString());
        String options = "source submit/lib/common.sh && sparkllm_cds_options dedup " + jar;
        Result first = run(env, "bash", "-c", options);
        assertThat(first.out().lines().toList()).hasSize(3).first().asString()
                .matches("-XX:ArchiveClassesAtExit=" + Pattern.quote(dir.resolve("cds").toString()) + "/dedup-\\d+\\.jsa\\.\\d+");

        String writing = first.out().lines().findFirst().orElseThrow().substring("-XX:ArchiveClassesAtExit=".length());
        Path archive = Path.of(writing.substring(0, writing.lastIndexOf('.')));
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        java.addAll(jvmFlags());
        Result dump = run(Map.of(), concat(java, "-XX:ArchiveClassesAtExit=" + writing, "-version"));
        assertThat(dump.code()).as(dump.err()).isZero();
        Files.move(Path.of(writing), archive);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() - 10_000));

        List<String> mapped = run(env, "bash", "-c", options).out().lines().toList();
        assertThat(mapped.get(0)).isEqualTo("-XX:SharedArchiveFile=" + archive);
        Result used = run(Map.of(), concat(java, mapped.get(0), mapped.get(1), mapped.get(2), "-Xshare:on", "-version"));
        assertThat(used.code()).as("the JVM maps the archive (-Xshare:on fails otherwise): " + used.err()).isZero();
        assertThat(used.err()).contains("sharing").doesNotContain("warning");

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() + 10_000));
        assertThat(run(env, "bash", "-c", options).out()).as("a rebuilt jar").startsWith("-XX:ArchiveClassesAtExit=");
        assertThat(run(Map.of("SPARKLLM_CDS", "0"), "bash", "-c", options).out()).isEmpty();
        assertThat(run(env, "bash", "-c", "source submit/lib/common.sh && sparkllm_cds_options --help " + jar).out())
                .as("not a job's name").isEmpty();
    }

    private static List<String> jvmFlags() throws IOException {
        List<String> all = new ArrayList<>(opens());
        all.addAll(Files.readAllLines(ROOT.resolve("submit/lib/jvm-flags")));
        return all;
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    @Test
    void theGpuTrainingManifestGivesEachWorkerOneGpuAndAValidTrainCommandLine() throws IOException {
        Map<String, Object> app = new Yaml().load(Files.readString(ROOT.resolve("submit/k8s/sparkllm-train-gpu.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) app.get("spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> sparkConf = (Map<String, Object>) spec.get("sparkConf");
        assertThat(sparkConf).containsEntry("spark.executor.resource.gpu.amount", "1")
                .containsEntry("spark.task.resource.gpu.amount", "1");
        @SuppressWarnings("unchecked")
        List<String> arguments = (List<String>) spec.get("arguments");
        @SuppressWarnings("unchecked")
        Map<String, Object> executor = (Map<String, Object>) spec.get("executor");
        assertThat(arguments).containsSubsequence("--set", "workers=" + executor.get("instances"));
        var out = new java.io.PrintWriter(new java.io.StringWriter());
        var parsed = io.sparkllm.cli.Main.commandLine(out, out).parseArgs(arguments.toArray(new String[0]));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("train");
        assertThat(io.sparkllm.model.zoo.ModelSpec.fromPreset(arguments.get(arguments.indexOf("--model") + 1)).family().key())
                .isEqualTo("gpt2");
    }

    @Test
    void standaloneSubmitsTheShadedJarToTheGivenMaster() throws Exception {
        List<String> args = dryRun("spark-submit-standalone.sh", "--master", "spark://head:7077",
                "--executor-memory", "8g", "--total-cores", "16", "--spark-conf", "spark.sql.shuffle.partitions=64",
                "--", "sample", "--output", "hdfs:///data/sample", "--set", "seed=3");
        assertCommonSettings(args);
        assertThat(args).containsSubsequence("--master", "spark://head:7077", "--deploy-mode", "client");
        assertThat(args).containsSubsequence("--executor-memory", "8g");
        // 8g of heap: JavaCPP may hold 8 GiB and the JVM 12 GiB resident; the container gets the 4 GiB beside the heap.
        assertThat(args).containsSubsequence("--conf", "spark.executor.extraJavaOptions=" + jvmOptions()
                + " -Dorg.bytedeco.javacpp.maxbytes=8192m -Dorg.bytedeco.javacpp.maxphysicalbytes=12288m");
        assertThat(args).containsSubsequence("--conf", "spark.executor.memoryOverhead=4096m");
        assertThat(args).containsSubsequence("--conf", "spark.driver.extraJavaOptions=" + jvmOptions());
        assertThat(args).doesNotContain("spark.driver.memoryOverhead=2048m");
        assertThat(args).containsSubsequence("--total-executor-cores", "16");
        assertThat(args).containsSubsequence("--conf", "spark.sql.shuffle.partitions=64");
        assertThat(args.subList(args.size() - 6, args.size()))
                .containsExactly(jar("shaded"), "sample", "--output", "hdfs:///data/sample", "--set", "seed=3");
    }

    @Test
    void yarnRunsInClusterModeByDefaultAndInClientModeWhenAsked() throws Exception {
        List<String> cluster = dryRun("spark-submit-yarn.sh", "--queue", "ml", "--executors", "4", "--",
                "pipeline", "--conf", "conf/pipeline/prep.conf");
        assertCommonSettings(cluster);
        assertThat(cluster).containsSubsequence("--master", "yarn", "--deploy-mode", "cluster");
        assertThat(cluster).containsSubsequence("--queue", "ml");
        assertThat(cluster).containsSubsequence("--num-executors", "4");
        assertThat(cluster.subList(cluster.size() - 4, cluster.size()))
                .containsExactly(jar("shaded"), "pipeline", "--conf", "conf/pipeline/prep.conf");

        List<String> client = dryRun("spark-submit-yarn.sh", "--deploy-mode", "client", "--", "sample", "--output", "/x");
        assertThat(client).containsSubsequence("--master", "yarn", "--deploy-mode", "client");
    }

    @Test
    void gpusSwitchToTheCudaJarAndAskSparkForGpus() throws Exception {
        List<String> args = dryRun("spark-submit-yarn.sh", "--gpus", "2", "--", "sample", "--output", "/x");
        assertThat(args).containsSubsequence("--conf", "spark.executor.resource.gpu.amount=2");
        assertThat(args).containsSubsequence("--conf", "spark.task.resource.gpu.amount=1");
        assertThat(args).containsSubsequence("--conf", "spark.executor.resource.gpu.discoveryScript=./discover-gpus.sh");
        assertThat(args).containsSubsequence("--conf", "spark.yarn.executor.resource.yarn.io/gpu.amount=2");
        assertThat(args).containsSubsequence("--files", ROOT.resolve("submit/gpu/discover-gpus.sh").toString());
        assertThat(args).contains(jar("cuda")).doesNotContain(jar("shaded"));
    }

    @Test
    void kubernetesUsesTheJarInsideTheImage() throws Exception {
        List<String> args = dryRun("spark-submit-k8s.sh", "--master", "k8s://https://api:6443", "--image",
                "registry/sparkllm:gpu", "--namespace", "ml", "--gpus", "1", "--", "sample", "--output", "s3a://b/s");
        assertCommonSettings(args);
        assertThat(args).containsSubsequence("--master", "k8s://https://api:6443", "--deploy-mode", "cluster");
        assertThat(args).containsSubsequence("--conf", "spark.kubernetes.container.image=registry/sparkllm:gpu");
        assertThat(args).containsSubsequence("--conf", "spark.kubernetes.namespace=ml");
        assertThat(args).containsSubsequence("--conf", "spark.executor.resource.gpu.vendor=nvidia.com");
        assertThat(args).containsSubsequence("--conf",
                "spark.executor.resource.gpu.discoveryScript=/opt/sparkllm/discover-gpus.sh");
        assertThat(args.subList(args.size() - 4, args.size()))
                .containsExactly("local:///opt/sparkllm/sparkllm.jar", "sample", "--output", "s3a://b/s");
    }

    @Test
    void wrapperMistakesAreOneLineAndExitCodeTwo() throws Exception {
        Result noMaster = run(Map.of(), ROOT.resolve("submit/spark-submit-standalone.sh").toString(), "--dry-run",
                "--", "sample");
        assertThat(noMaster.code()).isEqualTo(2);
        assertThat(noMaster.err()).isEqualTo("spark-submit-standalone.sh: --master spark://HOST:PORT is required\n");

        Result noJob = run(Map.of(), ROOT.resolve("submit/spark-submit-yarn.sh").toString(), "--dry-run");
        assertThat(noJob.code()).isEqualTo(2);
        assertThat(noJob.err()).startsWith("spark-submit-yarn.sh: missing job");

        Result badOption = run(Map.of(), ROOT.resolve("submit/spark-submit-k8s.sh").toString(), "--imgae", "x");
        assertThat(badOption.code()).isEqualTo(2);
        assertThat(badOption.err()).isEqualTo("spark-submit-k8s.sh: unknown option '--imgae' (see --help)\n");

        Result yarnWithoutConf = run(Map.of("HADOOP_CONF_DIR", "", "YARN_CONF_DIR", ""),
                ROOT.resolve("submit/spark-submit-yarn.sh").toString(), "--", "sample");
        assertThat(yarnWithoutConf.code()).isEqualTo(2);
        assertThat(yarnWithoutConf.err()).contains("HADOOP_CONF_DIR");
    }

    @Test
    void theImagesTheOperatorYamlAndTheK8sWrapperAgreeOnPaths() throws IOException {
        String cpu = Files.readString(ROOT.resolve("submit/docker/Dockerfile.cpu"));
        String gpu = Files.readString(ROOT.resolve("submit/docker/Dockerfile.gpu"));
        assertThat(cpu).contains("COPY jobs/target/sparkllm-jobs-*-shaded.jar /opt/sparkllm/sparkllm.jar",
                "COPY submit/gpu/discover-gpus.sh /opt/sparkllm/discover-gpus.sh");
        assertThat(gpu).contains("FROM nvidia/cuda:11.6", "COPY jobs/target/sparkllm-jobs-*-cuda.jar /opt/sparkllm/sparkllm.jar",
                "COPY submit/gpu/discover-gpus.sh /opt/sparkllm/discover-gpus.sh", "openjdk-17");
        Map<String, Object> app = new Yaml().load(Files.readString(ROOT.resolve("submit/k8s/sparkllm-sparkapplication.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) app.get("spec");
        assertThat(spec.get("mainClass")).isEqualTo(MAIN);
        assertThat(spec.get("mainApplicationFile")).isEqualTo("local:///opt/sparkllm/sparkllm.jar");
        @SuppressWarnings("unchecked")
        Map<String, Object> sparkConf = (Map<String, Object>) spec.get("sparkConf");
        assertThat(sparkConf.get("spark.executor.resource.gpu.discoveryScript")).isEqualTo("/opt/sparkllm/discover-gpus.sh");
        assertThat(sparkConf.get("spark.kryo.registrator")).isEqualTo("org.nd4j.kryo.Nd4jRegistrator");
        @SuppressWarnings("unchecked")
        List<String> arguments = (List<String>) spec.get("arguments");
        assertThat(arguments.get(0)).isEqualTo("pipeline");
        assertThat(ROOT.resolve(arguments.get(2).replace("/opt/sparkllm/", ""))).exists();
    }

    @Test
    void theGpuDiscoveryScriptPrintsSparkResourceJson(@TempDir Path tmp) throws Exception {
        Path script = ROOT.resolve("submit/gpu/discover-gpus.sh");
        Result visible = run(Map.of("CUDA_VISIBLE_DEVICES", "0,3"), "bash", script.toString());
        JsonNode json = new ObjectMapper().readTree(visible.out());
        assertThat(json.get("name").asText()).isEqualTo("gpu");
        assertThat(json.get("addresses").toString()).isEqualTo("[\"0\",\"3\"]");

        Path fakeSmi = tmp.resolve("nvidia-smi");
        Files.writeString(fakeSmi, "#!/bin/sh\nprintf '0\\n1\\n2\\n'\n");
        assertThat(fakeSmi.toFile().setExecutable(true)).isTrue();
        Result smi = run(Map.of("PATH", tmp + ":" + System.getenv("PATH"), "CUDA_VISIBLE_DEVICES", ""),
                "bash", script.toString());
        assertThat(new ObjectMapper().readTree(smi.out()).get("addresses").toString()).isEqualTo("[\"0\",\"1\",\"2\"]");
    }

    @Test
    void theAirflowDagSchedulesEveryPrepStageDailyInPipelineOrder() throws Exception {
        Path dag = ROOT.resolve("submit/airflow/sparkllm_prep_dag.py");
        String read = "import ast,sys,json\n"
                + "tree=ast.parse(open(sys.argv[1]).read())\n"
                + "names={t.id:n.value for n in tree.body if isinstance(n,ast.Assign) for t in n.targets if isinstance(t,ast.Name)}\n"
                + "calls=[k for n in ast.walk(tree) if isinstance(n,ast.Call) for k in n.keywords]\n"
                + "sched=[ast.literal_eval(k.value) for k in calls if k.arg=='schedule']\n"
                + "print(json.dumps({'stages':ast.literal_eval(names['PREP_STAGES']),'schedule':sched}))\n";
        Result r = run(Map.of(), "python3", "-c", read, dag.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode parsed = new ObjectMapper().readTree(r.out());
        assertThat(parsed.get("schedule").toString()).isEqualTo("[\"@daily\"]");
        List<String> dagStages = new ArrayList<>();
        parsed.get("stages").forEach(s -> dagStages.add(s.asText()));
        List<String> pipelineStages = PipelineRunner.load(
                JobConfigs.userFile(ROOT.resolve("conf/pipeline/prep.conf").toFile()),
                ConfigOverrides.parse(List.of()), "prep.conf").stream().map(PipelineRunner.Stage::name).toList();
        assertThat(dagStages).isEqualTo(pipelineStages);
        assertThat(Files.readString(dag)).contains("spark-submit-yarn.sh", "--only {stage}");
    }
}
