#!/usr/bin/env bash
# bench: sparkllm train tokens/s with 1 and 2 parameter-averaging workers (local[1], local[2], a standalone cluster) beside a plain JVM: scaling efficiency
# Usage: bench/run.sh train-scaling [steps=40] [averaging-frequency=5]
# Trains gpt-bench-sized data (Tiny Shakespeare, a 4,096-token BPE, windows of 128) with the
# tiny-gpt2 preset's family at d=256 (the gpt-bench preset), batch 8 per worker, and compares the
# steady tokens/s (rounds after the first) of one worker with two. Efficiency = tokens/s(2) /
# (2 · tokens/s(1)); the averaging overhead per round is the driver-side time around each
# round's Spark job that one worker's run doesn't have.
set -euo pipefail
# One core per worker: with ND4J's default two OpenMP threads a single worker already uses both
# cores for its matmuls, and the comparison would measure thread contention, not scaling.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
steps=${1:-40}
frequency=${2:-5}
work=$(mktemp -d /tmp/sparkllm-train-scaling-XXXXXX)
trap 'rm -rf "$work"' EXIT
cli="$SPARKLLM_ROOT/submit/sparkllm"
data="${SPARKLLM_SHARED_DATA:-$SPARKLLM_ROOT/../shared/data}/tinyshakespeare/input.txt"
mkdir -p "$work/text"
# The play in 200-line scenes, one text file per scene.
split -l 200 -d -a 3 "$data" "$work/text/scene-"
for f in "$work"/text/scene-*; do mv "$f" "$f.txt"; done
"$cli" tokenizer-train --input "$work/text" --output "$work/tokenizer" --set vocab-size=4096 >/dev/null
"$cli" tokenize --input "$work/text" --output "$work/windows" --tokenizer "$work/tokenizer/tokenizer.json" \
  --seq-len 128 --set valid-fraction=0.02 >/dev/null
# Steady rate of a run: every round after the first (JIT and Spark warm-up), tokens over seconds.
steady() {
  /usr/bin/env python3 - "$1" <<'PY'
import json, sys
rounds = [json.loads(l) for l in open(sys.argv[1])][1:]
tokens = sum(r["tokens_per_second"] * r["seconds"] for r in rounds)
seconds = sum(r["seconds"] for r in rounds)
print(f"{tokens / seconds:.1f} {seconds / len(rounds):.3f} {len(rounds)}")
PY
}
run() {
  local workers=$1
  "$cli" train --input "$work/windows" --output "$work/train-$workers" --model gpt-bench --max-steps "$steps" \
    --set spark.local-master="local[$workers]" --set workers="$workers" --set batch-size-per-worker=8 \
    --set averaging-frequency="$frequency" --set eval-every=1000000 --set checkpoint-every=1000000 >/dev/null
  steady "$work/train-$workers/metrics.jsonl"
}
# Two Worker JVMs of one core each on loopback, the driver in a third JVM.
cluster() {
  java -Xmx1g $(cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ') \
    -Dlog4j2.configurationFile="$SPARKLLM_ROOT/conf/log4j2.properties" -cp "$SPARKLLM_BENCH_CLASSPATH" \
    io.sparkllm.bench.StandaloneTraining "$work/windows" "$work/train-cluster" gpt-bench "$steps" "$frequency" 8 >/dev/null 2>"$work/cluster.err" \
    || { tail -n 40 "$work/cluster.err" >&2; exit 1; }
  steady "$work/train-cluster/metrics.jsonl"
}
echo "train-scaling: load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The same model and minibatches fitted in a plain JVM: what one worker would do without Spark.
read -r plain plain_n < <(java -Xmx4g $(cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ') \
  -Dlog4j2.configurationFile="$SPARKLLM_ROOT/conf/log4j2.properties" -cp "$SPARKLLM_BENCH_CLASSPATH" \
  io.sparkllm.bench.PlainJvmTraining "$work/windows" gpt-bench "$steps" 8 2>/dev/null | tail -n 1)
read -r one one_round one_n < <(run 1)
read -r two two_round two_n < <(run 2)
read -r standalone standalone_round standalone_n < <(cluster)
echo "plain JVM (no Spark):  $plain tokens/s over $plain_n steps"
echo "1 worker  (local[1]): $one tokens/s, $one_round s per round over $one_n rounds"
echo "2 workers (local[2]): $two tokens/s, $two_round s per round over $two_n rounds"
echo "2 workers (standalone cluster, 2 Worker JVMs): $standalone tokens/s, $standalone_round s per round over $standalone_n rounds"
echo "train-scaling: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 -c "print(f'Spark overhead of one worker: local[1] runs at {$one / $plain:.2f} of the plain JVM; 2 workers give {$two / $plain:.2f}x the plain JVM')"
python3 -c "print(f'standalone cluster: 2-worker efficiency {$standalone / (2 * $one):.2f} against local[1]')"
python3 -c "print(f'train-scaling: 2-worker efficiency {$two / (2 * $one):.2f} (peer: 1 worker {$one:.1f} tokens/s, ratio: {$two / $one:.2f}x)')"
