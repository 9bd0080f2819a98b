#!/usr/bin/env bash
# bench: byte-level BPE merges of sparkllm's trainer against Hugging Face's trainer on the same text
# Usage: bench/run.sh tokenizer-train [vocab=8000]
# Hugging Face's trainer runs through its official Node binding (npm package tokenizers, native
# library included), installed into bench/node on first use.
set -euo pipefail
if [ ! -d "$SPARKLLM_ROOT/bench/node/node_modules/tokenizers" ]; then
  (cd "$SPARKLLM_ROOT/bench/node" && npm install --no-audit --no-fund >&2)
fi
exec java -Xmx6g $(cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ') \
  -cp "$SPARKLLM_BENCH_CLASSPATH" io.sparkllm.bench.TokenizerTrainOverlap "$@"
