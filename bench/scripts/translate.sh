#!/usr/bin/env bash
# bench: beam-search translation of Multi30K test captions with the encoder-decoder's key/value caches against the full graph every step
# Usage: bench/run.sh translate [captions=100] [beam-width=4] [max-length=reference] [preset=transformer-multi30k]
# A random-weight model decodes each caption for as many steps as its reference has tokens (+ end),
# or up to max-length when given a number (eval bleu's 64: an undertrained model that never stops).
set -euo pipefail
exec java -Xmx4g $(cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ') \
  -cp "$SPARKLLM_BENCH_CLASSPATH" io.sparkllm.bench.TranslationBenchmark "$@"
