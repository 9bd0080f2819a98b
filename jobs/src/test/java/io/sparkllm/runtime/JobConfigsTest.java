package io.sparkllm.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobConfigsTest {
    private static Config effective(Config... userLayers) {
        List<JobConfigs.Layer> layers = new java.util.ArrayList<>();
        for (int i = 0; i < userLayers.length; i++) {
            layers.add(new JobConfigs.Layer("layer" + i, userLayers[i]));
        }
        return JobConfigs.effective("test-words", layers);
    }

    @Test
    void defaultsComeFromTheJobFileAndTheCommonFile() {
        Config c = JobConfigs.defaults("test-words");
        assertThat(c.getInt("options.min-count")).isEqualTo(1);
        assertThat(c.getString("spark.local-master")).isEqualTo("local[*]");
        assertThat(c.getDouble("progress.interval-seconds")).isEqualTo(10.0);
    }

    @Test
    void aMisspelledKeyIsAnErrorThatSuggestsTheRightOne() {
        assertThatThrownBy(() -> effective(ConfigOverrides.parse(List.of("options.min-cuont=3"))))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown config key 'options.min-cuont' in layer0 (did you mean 'options.min-count'?)");
    }

    @Test
    void anUnknownKeyFarFromAnyKnownOneGetsNoSuggestion() {
        assertThatThrownBy(() -> effective(ConfigFactory.parseString("zzz = 1")))
                .hasMessage("unknown config key 'zzz' in layer0");
    }

    @Test
    void openSectionsTakeAnyKey() {
        Config c = effective(ConfigOverrides.parse(List.of("spark.conf.\"spark.sql.shuffle.partitions\"=64")));
        assertThat(c.getConfig("spark.conf").entrySet()).hasSize(1);
        assertThat(SparkSessions.sparkConf(c, "x").get("spark.sql.shuffle.partitions")).isEqualTo("64");
    }

    @Test
    void dottedSparkKeysWithoutQuotesAlsoReachSpark() {
        Config c = effective(ConfigOverrides.parse(List.of("spark.conf.spark.sql.shuffle.partitions=8")));
        assertThat(SparkSessions.sparkConf(c, "x").get("spark.sql.shuffle.partitions")).isEqualTo("8");
    }

    @Test
    void sparkMasterPointsAJobAtAClusterAndLocalMasterIsTheFallback() {
        var onCluster = SparkSessions.sparkConf(
                effective(ConfigOverrides.parse(List.of("spark.master=spark://127.0.0.1:7077"))), "x");
        assertThat(onCluster.get("spark.master")).isEqualTo("spark://127.0.0.1:7077");
        // Spark's own shuffle partitions on a cluster; the local default only for local masters.
        assertThat(onCluster.contains("spark.sql.shuffle.partitions")).isFalse();
        var local = SparkSessions.sparkConf(
                effective(ConfigOverrides.parse(List.of("spark.local-master=local[3]"))), "x");
        assertThat(local.get("spark.master")).isEqualTo("local[3]");
        assertThat(local.contains("spark.sql.shuffle.partitions")).isTrue();
    }

    @Test
    void wrongTypesAreRejectedWithTheKeyNamed() {
        assertThatThrownBy(() -> effective(ConfigOverrides.parse(List.of("options.min-count=many"))))
                .isInstanceOf(UsageException.class)
                .hasMessage("config key 'options.min-count' in layer0 must be a number, got 'many'");
        assertThatThrownBy(() -> effective(ConfigOverrides.parse(List.of("options.lowercase=perhaps"))))
                .hasMessage("config key 'options.lowercase' in layer0 must be true or false, got 'perhaps'");
        assertThatThrownBy(() -> effective(ConfigOverrides.parse(List.of("options=3"))))
                .hasMessage("config key 'options' in layer0 is a section, not a value");
    }

    @Test
    void setValuesKeepPathsAndUrlsIntactAndParseNumbersAndLists() {
        Config set = ConfigOverrides.parse(List.of("output=hdfs://nn:8020/data/out", "options.min-count=3",
                "input=s3a://bucket/a b.txt", "spark.conf.x=[1, 2]"));
        assertThat(set.getString("output")).isEqualTo("hdfs://nn:8020/data/out");
        assertThat(set.getString("input")).isEqualTo("s3a://bucket/a b.txt");
        assertThat(set.getInt("options.min-count")).isEqualTo(3);
        assertThat(set.getIntList("spark.conf.x")).containsExactly(1, 2);
    }

    @Test
    void higherLayersWinAndSubstitutionsResolve() {
        Config c = effective(ConfigOverrides.parse(List.of("options.min-count=5")),
                ConfigFactory.parseString("options.min-count = 2\ninput = /a\noutput = ${input}\"-out\""));
        assertThat(c.getInt("options.min-count")).isEqualTo(5);
        assertThat(c.getString("output")).isEqualTo("/a-out");
    }

    @Test
    void aSetWithoutEqualsSignIsAUsageError() {
        assertThatThrownBy(() -> ConfigOverrides.parse(List.of("seed")))
                .isInstanceOf(UsageException.class)
                .hasMessage("--set expects key=value, got 'seed'");
    }
}
