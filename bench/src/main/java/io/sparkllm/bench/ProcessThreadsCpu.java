package io.sparkllm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU seconds of this JVM's threads by kind (Spark task threads, garbage collection, JIT
 * compilers, the rest), read from Linux's /proc/self/task, where the JVM's own GC and compiler
 * threads show too; empty elsewhere. Threads that already ended are not counted.
 */
final class ProcessThreadsCpu {
    private ProcessThreadsCpu() {
    }

    static Map<String, Double> byKind() {
        Map<String, Double> seconds = new TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return seconds;
        }
        double tick = 100.0; // USER_HZ on Linux
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path t : threads.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / tick;
                    seconds.merge(kind(name), cpu, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            return seconds;
        }
        return seconds;
    }

    /** CPU seconds by kind spent since {@code before} was taken; threads that ended since then are missed. */
    static Map<String, Double> since(Map<String, Double> before) {
        Map<String, Double> now = byKind();
        Map<String, Double> delta = new TreeMap<>();
        now.forEach((kind, seconds) -> delta.put(kind,
                Math.round((seconds - before.getOrDefault(kind, 0.0)) * 100) / 100.0));
        return delta;
    }

    private static String kind(String name) {
        if (name.startsWith("Executor task")) {
            return "spark tasks";
        }
        if (name.startsWith("GC Thread") || name.startsWith("VM Thread") || name.startsWith("ParGC")) {
            return "gc and vm";
        }
        if (name.contains("CompilerThre")) {
            return "jit compilers";
        }
        if (name.equals("main")) {
            return "main";
        }
        return "other";
    }
}
