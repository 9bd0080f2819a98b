#!/usr/bin/env bash
# bench: every HumanEval-X canonical solution (820 programs) through humaneval-exec, with bubblewrap and without it
# Usage: bench/run.sh humaneval-canonical [languages=python,cpp,java,js,go]
set -euo pipefail
exec java -Xmx4g $(cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ') \
  -Dlog4j2.configurationFile="$SPARKLLM_ROOT/conf/log4j2.properties" \
  -cp "$SPARKLLM_BENCH_CLASSPATH" io.sparkllm.bench.HumanEvalCanonicalBenchmark "$@"
