#!/usr/bin/env bash
# bench: GPT-2 encode MB/s (single thread, wall and CPU time) beside JTokkit r50k_base and Hugging Face tokenizers (DJL)
# Usage: bench/run.sh tokenizer [MB of lines for Hugging Face=4]
set -euo pipefail
exec java -Xmx4g $(cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ') \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dlog4j2.configurationFile="$SPARKLLM_ROOT/conf/log4j2.properties" \
  -cp "$SPARKLLM_BENCH_CLASSPATH" io.sparkllm.bench.TokenizerBenchmark "$@"
