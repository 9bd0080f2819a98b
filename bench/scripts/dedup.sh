#!/usr/bin/env bash
# bench: dedup wall time and F1 beside Spark MLlib's MinHashLSH on the same generated corpus
# Usage: bench/run.sh dedup [documents=100000] [--same-jvm]
# Each side runs in a JVM of its own unless --same-jvm (sparkllm first, then MLlib, in this one).
set -euo pipefail
# The sides' JVMs take 10 GB each, one after the other; this one only builds the corpus and scores.
heap=4g
for a in "$@"; do [ "$a" = "--same-jvm" ] && heap=10g; done
exec java -Xmx$heap $(cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ') \
  -Dlog4j2.configurationFile="$SPARKLLM_ROOT/conf/log4j2.properties" \
  -cp "$SPARKLLM_BENCH_CLASSPATH" io.sparkllm.bench.DedupBenchmark "$@"
