#!/usr/bin/env bash
# bench: GPT training tokens/s (gpt-bench: 4 layers, d=256, T=128, batch 16, Adam, float32) beside the same model in PyTorch, with each side's MFU
# Usage: bench/run.sh train-step [--rounds R (default 3)] [--seconds S (each side each round, default 20) | --steps N]
#                                [--warmup N] [--seed N] [--workspaces enabled|none] [--jfr FILE]   (these two: our side only)
# The sides take turns, R rounds of one run each (ours first in odd rounds, PyTorch first in even
# ones), so that a change of load on this shared machine falls on both; the headline is the
# median of the rounds' ratios.
# SPARKLLM_BENCH_JAVA_OPTS adds JVM options to our side (for example -Dsparkllm.kernels=none).
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

both=(--seconds 20); ours_only=(); rounds=3
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "train-step: option $1 needs a value" >&2; exit 2; }
  case "$1" in
    --rounds) rounds=$2 ;;
    --seconds|--steps|--warmup|--seed) both+=("$1" "$2") ;;
    --workspaces|--jfr) ours_only+=("$1" "$2") ;;
    *) echo "train-step: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
[ "$rounds" -ge 1 ] 2>/dev/null || { echo "train-step: --rounds needs a positive count" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
get() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

run_ours() {
  echo "train-step: round $1, load before sparkllm: $(uptime)" >&2
  # shellcheck disable=SC2046
  java -Xmx4g $(cat "$root/submit/lib/java17-opens" "$root/submit/lib/jvm-flags" | tr '\n' ' ') ${SPARKLLM_BENCH_JAVA_OPTS:-} \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
    -cp "$SPARKLLM_BENCH_CLASSPATH" io.sparkllm.bench.TrainStepBenchmark "${both[@]}" ${ours_only[@]+"${ours_only[@]}"} \
    > "$work/ours.$1.txt"
  grep -v '=' "$work/ours.$1.txt" | grep -v '^Added differentiated op' >&2 || true
}

run_peer() {
  echo "train-step: round $1, load before pytorch: $(uptime)" >&2
  /usr/bin/python3 "$root/bench/python/train_step.py" --threads 2 --expect-params "$params" "${both[@]}" > "$work/peer.$1.txt"
}

for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then
    run_ours "$r"; params=$(get "$work/ours.$r.txt" params); run_peer "$r"
  else
    run_peer "$r"; run_ours "$r"
  fi
done
echo "train-step: load after: $(uptime)" >&2

for r in $(seq 1 "$rounds"); do
  for side in ours peer; do
    f="$work/$side.$r.txt"
    name=$([ $side = ours ] && echo sparkllm || echo pytorch)
    printf 'round %s %-9s %8s tokens/s  %8s tokens/CPU-s  fastest step %8s tokens/s  %3s steps in %7s s, %7s CPU s  MFU %5.1f%% of its sgemm %s GFLOP/s  loss %s -> %s  load %s\n' \
      "$r" "$name" "$(get "$f" tokens_per_s)" "$(get "$f" tokens_per_cpu_s)" "$(get "$f" fastest_step_tokens_per_s)" \
      "$(get "$f" steps)" "$(get "$f" wall_s)" "$(get "$f" cpu_s)" "$(awk -v m="$(get "$f" mfu)" 'BEGIN{print 100*m}')" \
      "$(get "$f" sgemm_gflops)" "$(get "$f" loss_first)" "$(get "$f" loss_last)" "$(get "$f" load)"
  done
done

# One line per round: the figures the summary takes medians of.
for r in $(seq 1 "$rounds"); do
  o="$work/ours.$r.txt"; p="$work/peer.$r.txt"
  echo "$(get "$o" tokens_per_s) $(get "$p" tokens_per_s) $(get "$o" tokens_per_cpu_s) $(get "$p" tokens_per_cpu_s)" \
    "$(get "$o" fastest_step_tokens_per_s) $(get "$p" fastest_step_tokens_per_s) $(get "$o" mfu) $(get "$p" mfu)" \
    "$(get "$o" sgemm_gflops) $(get "$p" sgemm_gflops) $(get "$o" flops_per_token)"
done | awk '
function median(a, n,   i, j, t) {
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ n++; o[n] = $1; p[n] = $2; w[n] = $1 / $2; c[n] = $3 / $4; f[n] = $5 / $6; om[n] = $7; pm[n] = $8
  og[n] = $9; pg[n] = $10; flops = $11
  printf "round %d ratios: %.2fx wall, %.2fx per CPU second, %.2fx fastest step\n", n, w[n], c[n], f[n] }
END {
  mo = median(o, n); mp = median(p, n); mog = median(og, n); mpg = median(pg, n)
  peak = mog > mpg ? mog : mpg
  printf "MFU (6N + 12LdT = %.2f MFLOP/token), medians: sparkllm %.1f%% of ND4J sgemm %.1f GFLOP/s, pytorch %.1f%% of torch.mm %.1f GFLOP/s; against the best peak %.1f: %.1f%% vs %.1f%%\n", \
    flops / 1e6, 100 * median(om, n), mog, 100 * median(pm, n), mpg, peak, 100 * flops * mo / (peak * 1e9), 100 * flops * mp / (peak * 1e9)
  printf "train-step (per CPU second, median of %d rounds): ratio %.2fx\n", n, median(c, n)
  printf "train-step (fastest step, median of %d rounds): ratio %.2fx\n", n, median(f, n)
  printf "train-step: %.1f tokens/s (pytorch: %.1f, ratio: %.2fx, the median of %d rounds)\n", mo, mp, median(w, n), n
}'
