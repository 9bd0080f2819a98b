#!/usr/bin/env bash
# bench: dedup wall time and F1 beside Spark MLlib's MinHashLSH on the same generated corpus
# Usage: bench/run.sh dedup [documents=100000]
set -euo pipefail
exec java -Xmx10g $(cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ') \
  -Dlog4j2.configurationFile="$SPARKLLM_ROOT/conf/log4j2.properties" \
  -cp "$SPARKLLM_BENCH_CLASSPATH" io.sparkllm.bench.DedupBenchmark "$@"
