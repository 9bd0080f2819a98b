#!/usr/bin/env bash
# bench: single-thread MB/s (CPU time) of each part of the cleaning pass over the webdocs
# Usage: bench/run.sh clean-parts [passes=3] [only the parts whose name holds this]
set -euo pipefail
exec java -Xmx4g $(cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ') \
  -cp "$SPARKLLM_BENCH_CLASSPATH" io.sparkllm.bench.CleanPartsBenchmark "$@"
