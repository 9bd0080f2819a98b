package io.sparkllm.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Lists a job's config keys, defaults and comments for its --help page: the job's own keys first. */
final class ConfigHelp {
    private ConfigHelp() {
    }

    private record Key(String path, ConfigValue value) {
        boolean common() {
            String resource = value.origin().resource();
            return resource != null && resource.endsWith("common.conf");
        }
    }

    static String render(Config defaults) {
        List<Key> keys = new ArrayList<>();
        collect(defaults.root(), "", keys);
        keys.sort(Comparator.comparing(Key::common).thenComparingInt(k -> k.value().origin().lineNumber()));
        StringBuilder sb = new StringBuilder("%nConfig keys (set with --set key=value or --conf FILE; defaults shown):%n");
        for (Key key : keys) {
            String value = key.value().render(ConfigRenderOptions.concise());
            String comment = String.join(" ", key.value().origin().comments()).trim();
            sb.append(String.format("  %s = %s%n", key.path(), escape(value)));
            if (!comment.isEmpty()) {
                sb.append(String.format("      %s%n", escape(comment)));
            }
        }
        return sb.toString();
    }

    private static void collect(ConfigObject object, String prefix, List<Key> out) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String path = prefix + e.getKey();
            ConfigValue v = e.getValue();
            if (v.valueType() == ConfigValueType.OBJECT && !((ConfigObject) v).isEmpty()) {
                collect((ConfigObject) v, path + ".", out);
            } else {
                out.add(new Key(path, v));
            }
        }
    }

    /** picocli treats the footer as a format string. */
    private static String escape(String s) {
        return s.replace("%", "%%");
    }
}
