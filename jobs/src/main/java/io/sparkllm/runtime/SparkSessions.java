package io.sparkllm.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * The SparkSession for a job: whatever spark-submit configured (master, resources), or an
 * embedded {@code local[*]} when the CLI runs on its own. A {@code spark.master} in the job config
 * (such as {@code --set spark.master=spark://head:7077}) picks the master explicitly. Settings
 * under {@code spark.conf} apply on top, and Kryo with ND4J's registrator is the default serializer.
 */
public final class SparkSessions {
    /** Classes jobs shuffle and cache by the million. */
    static final java.util.List<String> BULK_RECORD_CLASSES = java.util.List.of(
            "io.sparkllm.jobs.dedup.SignedDoc", "io.sparkllm.jobs.dedup.DocBlock", "io.sparkllm.jobs.dedup.MemberBlock", "io.sparkllm.jobs.dedup.BucketLink",
            "io.sparkllm.jobs.dedup.LongBlock");
    private SparkSessions() {
    }

    public static SparkSession getOrCreate(Config config, String jobName) {
        SparkSession active = SparkSession.getActiveSession().getOrElse(() -> null);
        if (active == null) {
            active = SparkSession.getDefaultSession().getOrElse(() -> null);
        }
        if (active != null) {
            return active;
        }
        SparkConf conf = sparkConf(config, jobName);
        return SparkSession.builder().config(conf).getOrCreate();
    }

    static SparkConf sparkConf(Config config, String jobName) {
        SparkConf conf = new SparkConf(); // picks up spark.* system properties from spark-submit
        if (config.hasPath("spark.master")) {
            conf.setMaster(config.getString("spark.master"));
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(config.getString("spark.local-master"));
        }
        if (conf.get("spark.master").startsWith("local")) {
            // Spark's 200 shuffle partitions suit a cluster; on one machine they are mostly overhead.
            conf.setIfMissing("spark.sql.shuffle.partitions",
                    String.valueOf(2 * Runtime.getRuntime().availableProcessors()));
        }
        conf.setIfMissing("spark.app.name", "sparkllm " + jobName);
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.setIfMissing("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        // Registered classes are written as a small number instead of their name, record by record.
        conf.setIfMissing("spark.kryo.classesToRegister", String.join(",", BULK_RECORD_CLASSES));
        for (Map.Entry<String, ConfigValue> e : config.getConfig("spark.conf").entrySet()) {
            conf.set(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
        }
        return conf;
    }

    /** Keys such as {@code "spark.sql.shuffle.partitions"} arrive quoted from HOCON paths. */
    private static String stripQuotes(String key) {
        return key.replace("\"", "");
    }
}
