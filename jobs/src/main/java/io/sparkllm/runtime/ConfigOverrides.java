package io.sparkllm.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import java.util.List;
import java.util.regex.Pattern;

/** Turns {@code --set key=value} arguments into a Config layer. */
public final class ConfigOverrides {
    /** Values that read as HOCON literals; anything else (paths, URLs with '//') stays a plain string. */
    private static final Pattern HOCON_LITERAL =
            Pattern.compile("true|false|null|-?\\d+(\\.\\d+)?([eE]-?\\d+)?|\\[.*]|\\{.*}|\".*\"", Pattern.DOTALL);

    private ConfigOverrides() {
    }

    public static Config parse(List<String> assignments) {
        Config result = ConfigFactory.empty();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--set expects key=value, got '" + assignment + "'");
            }
            String key = assignment.substring(0, eq).trim();
            String raw = assignment.substring(eq + 1).trim();
            try {
                result = result.withValue(key, parseValue(raw));
            } catch (ConfigException e) {
                throw new UsageException("--set " + assignment + ": " + e.getMessage());
            }
        }
        return result;
    }

    static ConfigValue parseValue(String raw) {
        if (HOCON_LITERAL.matcher(raw).matches()) {
            return ConfigFactory.parseString("v = " + raw).getValue("v");
        }
        return ConfigValueFactory.fromAnyRef(raw);
    }
}
