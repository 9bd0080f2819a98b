#!/usr/bin/env bash
# bench: the ND4J kernels behind our GPT training step's slow parts (attention matmul, matmul_bp, layouts, loss) beside ND4J's alternatives
# Usage: bench/run.sh train-step-probes
set -euo pipefail
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
exec java -Xmx4g $(cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ') \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dlog4j2.configurationFile="$SPARKLLM_ROOT/conf/log4j2.properties" \
  -cp "$SPARKLLM_BENCH_CLASSPATH" io.sparkllm.bench.TrainStepProbes "$@"
