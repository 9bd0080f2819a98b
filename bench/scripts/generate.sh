#!/usr/bin/env bash
# bench: greedy generation tokens/s with the key/value cache against recomputing the sequence each step
# Usage: bench/run.sh generate [preset=gpt-bench] [prompt-tokens=16] [new-tokens=112]
set -euo pipefail
exec java -Xmx4g $(cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ') \
  -cp "$SPARKLLM_BENCH_CLASSPATH" io.sparkllm.bench.GenerationBenchmark "$@"
