#!/usr/bin/env bash
# bench: cleaning MB/s per core, all filters on, beside dolma's published C4-rule rate
# Usage: bench/run.sh clean [MB=200] [filter sets, default roots,gopher,c4]
set -euo pipefail
exec java -Xmx8g $(cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ') \
  -Dlog4j2.configurationFile="$SPARKLLM_ROOT/conf/log4j2.properties" \
  -cp "$SPARKLLM_BENCH_CLASSPATH" io.sparkllm.bench.CleanBenchmark "$@"
