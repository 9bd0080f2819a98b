package io.sparkllm.datasets.humaneval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the test program for a problem and a completion the way HumanEval-X's harness does
 * (CodeGeeX {@code benchmark/utils.py}, {@code execution.py}); the original HumanEval as
 * openai/human-eval does ({@code prompt + completion + test + check(entry_point)}).
 */
public final class ProgramAssembler {
    /** HumanEval-X's Python imports, less numpy (not one problem needs it, and it may not be installed). */
    static final List<String> PYTHON_IMPORTS = List.of("import math", "import re", "import sys", "import copy",
            "import datetime", "import itertools", "import collections", "import heapq", "import statistics",
            "import functools", "import hashlib", "import string", "from typing import *",
            "from collections import *");
    /** HumanEval-X's C++ includes, each added when the prompt lacks it. */
    static final List<String> CPP_INCLUDES = List.of("#include<stdlib.h>", "#include<algorithm>", "#include<math.h>",
            "#include<stdio.h>", "#include<vector>", "#include<string>", "#include<climits>", "#include<cstring>",
            "#include<iostream>");
    private static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-Xss8m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");

    private ProgramAssembler() {
    }

    public static Program assemble(Problem problem, String completion) {
        String code = completion == null ? "" : completion;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", "${WORK}");
        env.put("TMPDIR", "${WORK}");
        env.put("LANG", "C.UTF-8");
        Map<String, String> files = new LinkedHashMap<>();
        List<Program.Step> steps = new ArrayList<>();
        Language language = problem.language();
        switch (language) {
            case PYTHON -> {
                files.put("main.py", String.join("\n", PYTHON_IMPORTS) + "\n" + problem.prompt()
                        + untilFirstUnindentedLine(code) + "\n" + problem.test() + "\n");
                steps.add(run("python3", "-I", "main.py"));
            }
            case HUMANEVAL -> {
                files.put("main.py", problem.prompt() + code + "\n" + problem.test() + "\n"
                        + "check(" + problem.entryPoint() + ")\n");
                steps.add(run("python3", "-I", "main.py"));
            }
            case CPP -> {
                StringBuilder setup = new StringBuilder();
                for (String include : CPP_INCLUDES) {
                    if (!problem.prompt().contains(include)) {
                        setup.append(include).append('\n');
                    }
                }
                String source = setup + "\n" + problem.prompt() + code + "\n" + problem.test();
                files.put("main.cpp", source);
                List<String> compile = new ArrayList<>(List.of("g++", "-std=c++17", "-o", "main", "main.cpp"));
                if (source.contains("openssl/")) {
                    compile.add("-lcrypto"); // CPP/162 hashes with OpenSSL's MD5
                }
                steps.add(new Program.Step(compile, true));
                steps.add(run("./main"));
            }
            case JAVA -> {
                files.put("Main.java", problem.prompt() + code + "\n" + problem.test());
                List<String> javac = new ArrayList<>(List.of("javac", "-encoding", "UTF-8", "-nowarn"));
                JVM_FLAGS.forEach(f -> javac.add("-J" + f));
                javac.add("Main.java");
                steps.add(new Program.Step(javac, true));
                List<String> java = new ArrayList<>(List.of("java"));
                java.addAll(JVM_FLAGS);
                java.addAll(List.of("-cp", ".", "Main"));
                steps.add(new Program.Step(java, false));
            }
            case JS -> {
                files.put("main.js", problem.prompt() + code + "\n" + problem.test());
                steps.add(run("node", "main.js"));
            }
            case GO -> {
                String body = GoImports.withoutDeclarations(problem.prompt()) + code + "\n" + problem.test();
                Set<String> candidates = new LinkedHashSet<>(GoImports.declared(problem.testSetup()));
                candidates.addAll(GoImports.declared(problem.importBlock()));
                candidates.addAll(GoImports.declared(problem.prompt()));
                candidates.addAll(GoImports.HELPER);
                candidates.add("testing");
                candidates.add("github.com/stretchr/testify/assert");
                files.put("main_test.go", "package main\n\n" + GoImports.block(candidates, body) + "\n" + body + "\n");
                env.put("GO111MODULE", "off");
                env.put("GOPATH", "${WORK}/gopath:/usr/share/gocode");
                env.put("GOCACHE", "${WORK}/.gocache");
                env.put("CGO_ENABLED", "0");
                steps.add(new Program.Step(List.of("go", "test", "-c", "-o", "main.test", "main_test.go"), true));
                steps.add(run("./main.test", "-test.v=false"));
            }
            default -> throw new IllegalArgumentException("no harness for " + language);
        }
        return new Program(language, files, steps, env, language == Language.JS, language == Language.GO);
    }

    private static Program.Step run(String... command) {
        return new Program.Step(List.of(command), false);
    }

    /**
     * HumanEval-X cuts a Python completion at its first non-blank line that is not indented: what
     * follows the function body (a stray test, a new definition) is not part of the answer.
     */
    static String untilFirstUnindentedLine(String completion) {
        List<String> kept = new ArrayList<>();
        for (String line : completion.split("\n", -1)) {
            if (!line.isBlank() && line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                break;
            }
            kept.add(line);
        }
        return String.join("\n", kept);
    }
}
