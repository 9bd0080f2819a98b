#!/usr/bin/env bash
# Submits a sparkllm job to a Spark standalone cluster.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") --master spark://HOST:7077 [options] -- JOB [job args]
  --master URL              the standalone master (or SPARKLLM_MASTER)
  --deploy-mode MODE        client (default) or cluster
  --total-cores N           cores for the application across the cluster
$COMMON_OPTIONS_HELP
USAGE
}

MASTER=${SPARKLLM_MASTER:-}; DEPLOY_MODE=client; TOTAL_CORES=""
own_option() {
  SHIFT=0
  case "$1" in
    --master) MASTER=${2:?--master needs a URL}; SHIFT=2 ;;
    --deploy-mode) DEPLOY_MODE=${2:?--deploy-mode needs client or cluster}; SHIFT=2 ;;
    --total-cores) TOTAL_CORES=${2:?--total-cores needs a number}; SHIFT=2 ;;
  esac
}
sparkllm_parse_args own_option "$@"
sparkllm_require_job
[ -n "$MASTER" ] || sparkllm_die "--master spark://HOST:PORT is required"
case "$MASTER" in spark://*) ;; *) sparkllm_die "--master must start with spark://, got '$MASTER'" ;; esac
case "$DEPLOY_MODE" in client|cluster) ;; *) sparkllm_die "--deploy-mode must be client or cluster" ;; esac

sparkllm_common_submit_args
args=("$(sparkllm_spark_submit)" --master "$MASTER" --deploy-mode "$DEPLOY_MODE" "${COMMON_ARGS[@]}")
[ -n "$TOTAL_CORES" ] && args+=(--total-executor-cores "$TOTAL_CORES")
if [ "$GPUS" -gt 0 ]; then
  args+=(--files "$SPARKLLM_ROOT/submit/gpu/discover-gpus.sh")
fi
args+=("$(sparkllm_submit_jar)" "${JOB_ARGS[@]}")
sparkllm_run "${args[@]}"
