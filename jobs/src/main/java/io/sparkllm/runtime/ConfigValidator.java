package io.sparkllm.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import org.apache.commons.lang3.StringUtils;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rejects user settings that the job's defaults don't know, so a misspelled key fails instead of
 * being silently ignored. An empty object in the defaults (such as {@code spark.conf = {}}) is an
 * open section: any key below it is accepted.
 */
public final class ConfigValidator {
    private ConfigValidator() {
    }

    public static void validate(Config defaults, Config user, String source) {
        Set<String> known = leafPaths(defaults);
        for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
            String path = entry.getKey();
            if (known.contains(path) || defaults.hasPathOrNull(path) || isUnderOpenSection(defaults, path)) {
                checkType(defaults, path, entry.getValue(), source);
                continue;
            }
            String hint = closest(known, path).map(k -> " (did you mean '" + k + "'?)").orElse("");
            throw new UsageException("unknown config key '" + path + "' in " + source + hint);
        }
    }

    /** Every leaf path plus every object path; nulls in the defaults are real, settable keys. */
    static Set<String> leafPaths(Config defaults) {
        Set<String> paths = new TreeSet<>();
        collect(defaults.root(), "", paths);
        return paths;
    }

    private static void collect(ConfigObject object, String prefix, Set<String> out) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String path = prefix.isEmpty() ? quote(e.getKey()) : prefix + "." + quote(e.getKey());
            if (e.getValue().valueType() == ConfigValueType.OBJECT && !((ConfigObject) e.getValue()).isEmpty()) {
                collect((ConfigObject) e.getValue(), path, out);
            } else {
                out.add(path);
            }
        }
    }

    private static String quote(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : '"' + key + '"';
    }

    private static boolean isUnderOpenSection(Config defaults, String path) {
        List<String> keys = ConfigUtil.splitPath(path);
        for (int n = keys.size() - 1; n > 0; n--) {
            String prefix = ConfigUtil.joinPath(keys.subList(0, n));
            if (defaults.hasPathOrNull(prefix) && !defaults.getIsNull(prefix)
                    && defaults.getValue(prefix).valueType() == ConfigValueType.OBJECT
                    && defaults.getObject(prefix).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static void checkType(Config defaults, String path, ConfigValue given, String source) {
        if (!defaults.hasPath(path)) {
            return; // null default or open section: any type
        }
        ConfigValueType expected = defaults.getValue(path).valueType();
        ConfigValueType actual = given.valueType();
        if (expected == actual || actual == ConfigValueType.NULL) {
            return;
        }
        if (expected == ConfigValueType.NUMBER && actual == ConfigValueType.STRING) {
            throw new UsageException("config key '" + path + "' in " + source + " must be a number, got '"
                    + given.unwrapped() + "'");
        }
        if (expected == ConfigValueType.BOOLEAN && actual == ConfigValueType.STRING) {
            String s = String.valueOf(given.unwrapped());
            if (!s.matches("true|false|yes|no|on|off")) {
                throw new UsageException("config key '" + path + "' in " + source + " must be true or false, got '" + s + "'");
            }
            return;
        }
        if (expected == ConfigValueType.LIST && actual != ConfigValueType.LIST) {
            throw new UsageException("config key '" + path + "' in " + source + " must be a list like [a, b], got '"
                    + given.unwrapped() + "'");
        }
        if (expected == ConfigValueType.OBJECT) {
            throw new UsageException("config key '" + path + "' in " + source + " is a section, not a value");
        }
    }

    static Optional<String> closest(Set<String> known, String path) {
        return known.stream()
                .min(Comparator.comparingInt(k -> StringUtils.getLevenshteinDistance(k, path)))
                .filter(k -> StringUtils.getLevenshteinDistance(k, path) <= Math.max(2, path.length() / 3));
    }
}
