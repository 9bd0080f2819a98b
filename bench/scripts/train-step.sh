#!/usr/bin/env bash
# bench: GPT training tokens/s (gpt-bench: 4 layers, d=256, T=128, batch 16, Adam, float32) beside the same model in PyTorch, with each side's MFU
# Usage: bench/run.sh train-step [--seconds S (each side, default 40) | --steps N] [--warmup N] [--seed N]
#                                [--workspaces enabled|none] [--profile-ops N] [--jfr FILE]   (these three: our side only)
# SPARKLLM_BENCH_JAVA_OPTS adds JVM options to our side (for example -Dorg.bytedeco.openblas.load=openblas).
set -euo pipefail
root="$SPARKLLM_ROOT"

# PyTorch is Debian's; without libopenblas0-pthread it runs on the reference BLAS, 30x slower.
need=()
/usr/bin/python3 -c 'import torch' 2>/dev/null || need+=(python3-torch)
dpkg-query -W -f='${Status}' libopenblas0-pthread 2>/dev/null | grep -q 'install ok installed' || need+=(libopenblas0-pthread)
if [ ${#need[@]} -gt 0 ]; then
  echo "train-step: installing ${need[*]}" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

# Both sides use OpenMP (libgomp). Its default spin-waiting burns the cores in every barrier, and on
# this shared 2-core machine a spinning thread waits for one that is not even scheduled: measured
# here under load 5-8, OMP_WAIT_POLICY=PASSIVE ran PyTorch 3x and ours 2-3x faster. Both sides run
# passive unless the caller sets the policy (OMP_WAIT_POLICY=ACTIVE bench/run.sh train-step).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# OpenBLAS picks its kernels by CPU model: on this machine's Zen 5 cores the OpenBLAS 0.3.19 that
# ND4J bundles falls back to "Barcelona" (SSE, 18 GFLOP/s) while Debian's 0.3.21 under PyTorch picks
# "Cooperlake". Both sides get the same core type: the environment's (this machine sets Haswell), or
# Haswell when unset. OPENBLAS_CORETYPE=SkylakeX (AVX-512) is faster still on both.
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}"
echo "train-step: OMP_WAIT_POLICY=$OMP_WAIT_POLICY OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset} OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}" >&2

both=(); ours_only=()
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "train-step: option $1 needs a value" >&2; exit 2; }
  case "$1" in
    --seconds|--steps|--warmup|--seed) both+=("$1" "$2") ;;
    --workspaces|--profile-ops|--jfr) ours_only+=("$1" "$2") ;;
    *) echo "train-step: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
get() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

echo "train-step: load before sparkllm: $(uptime)" >&2
# shellcheck disable=SC2046
java -Xmx4g $(cat "$root/submit/lib/java17-opens" "$root/submit/lib/jvm-flags" | tr '\n' ' ') ${SPARKLLM_BENCH_JAVA_OPTS:-} \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$SPARKLLM_BENCH_CLASSPATH" io.sparkllm.bench.TrainStepBenchmark ${both[@]+"${both[@]}"} ${ours_only[@]+"${ours_only[@]}"} \
  > "$work/ours.txt"
grep -v '=' "$work/ours.txt" | grep -v '^Added differentiated op' >&2 || true

echo "train-step: load before pytorch: $(uptime)" >&2
/usr/bin/python3 "$root/bench/python/train_step.py" --threads 2 --expect-params "$(get "$work/ours.txt" params)" \
  ${both[@]+"${both[@]}"} > "$work/peer.txt"
echo "train-step: load after: $(uptime)" >&2

for side in ours peer; do
  f="$work/$side.txt"
  name=$([ $side = ours ] && echo sparkllm || echo pytorch)
  printf '%-9s %8s tokens/s  %8s tokens/CPU-s  %3s steps in %7s s, %7s CPU s  MFU %5.1f%% of its sgemm %s GFLOP/s  loss %s -> %s  load %s\n' \
    "$name" "$(get "$f" tokens_per_s)" "$(get "$f" tokens_per_cpu_s)" "$(get "$f" steps)" "$(get "$f" wall_s)" \
    "$(get "$f" cpu_s)" "$(awk -v m="$(get "$f" mfu)" 'BEGIN{print 100*m}')" "$(get "$f" sgemm_gflops)" \
    "$(get "$f" loss_first)" "$(get "$f" loss_last)" "$(get "$f" load)"
done
awk -v o="$(get "$work/ours.txt" tokens_per_s)" -v p="$(get "$work/peer.txt" tokens_per_s)" \
    -v oc="$(get "$work/ours.txt" tokens_per_cpu_s)" -v pc="$(get "$work/peer.txt" tokens_per_cpu_s)" \
    -v om="$(get "$work/ours.txt" mfu)" -v pm="$(get "$work/peer.txt" mfu)" \
    -v of="$(get "$work/ours.txt" fastest_step_tokens_per_s)" -v pf="$(get "$work/peer.txt" fastest_step_tokens_per_s)" \
    -v og="$(get "$work/ours.txt" sgemm_gflops)" -v pg="$(get "$work/peer.txt" sgemm_gflops)" \
    -v f="$(get "$work/ours.txt" flops_per_token)" 'BEGIN {
  peak = og > pg ? og : pg
  printf "MFU (6N + 12LdT = %.2f MFLOP/token): sparkllm %.1f%% of ND4J sgemm %.1f GFLOP/s, pytorch %.1f%% of torch.mm %.1f GFLOP/s; against the best peak %.1f: %.1f%% vs %.1f%%\n", \
    f / 1e6, 100 * om, og, 100 * pm, pg, peak, 100 * f * o / (peak * 1e9), 100 * f * p / (peak * 1e9)
  printf "train-step (per CPU second, steadier on a shared machine): %.1f tokens/CPU-s (pytorch: %.1f, ratio: %.2fx)\n", oc, pc, oc / pc
  printf "train-step (fastest step, the least disturbed by other work): %.1f tokens/s (pytorch: %.1f, ratio: %.2fx)\n", of, pf, of / pf
  printf "train-step: %.1f tokens/s (pytorch: %.1f, ratio: %.2fx)\n", o, p, o / p
}'
