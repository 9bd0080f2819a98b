#!/usr/bin/env bash
# Submits a sparkllm job to YARN, in client or cluster mode.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--deploy-mode client|cluster] [options] -- JOB [job args]
  --deploy-mode MODE        cluster (default: the driver runs in YARN) or client
  --queue NAME              YARN queue
$COMMON_OPTIONS_HELP
HADOOP_CONF_DIR (or YARN_CONF_DIR) must point at the cluster's configuration.
USAGE
}

DEPLOY_MODE=cluster; QUEUE=""
own_option() {
  SHIFT=0
  case "$1" in
    --deploy-mode) DEPLOY_MODE=${2:?--deploy-mode needs client or cluster}; SHIFT=2 ;;
    --queue) QUEUE=${2:?--queue needs a name}; SHIFT=2 ;;
  esac
}
sparkllm_parse_args own_option "$@"
sparkllm_require_job
case "$DEPLOY_MODE" in client|cluster) ;; *) sparkllm_die "--deploy-mode must be client or cluster" ;; esac
if [ "$DRY_RUN" -eq 0 ] && [ -z "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ]; then
  sparkllm_die "set HADOOP_CONF_DIR or YARN_CONF_DIR to the cluster's configuration"
fi

sparkllm_common_submit_args
args=("$(sparkllm_spark_submit)" --master yarn --deploy-mode "$DEPLOY_MODE" "${COMMON_ARGS[@]}")
[ -n "$QUEUE" ] && args+=(--queue "$QUEUE")
if [ "$GPUS" -gt 0 ]; then
  # YARN 3 schedules GPUs as the yarn.io/gpu resource; Spark maps it from the executor amount.
  args+=(--conf "spark.yarn.executor.resource.yarn.io/gpu.amount=$GPUS"
    --files "$SPARKLLM_ROOT/submit/gpu/discover-gpus.sh")
fi
args+=("$(sparkllm_submit_jar)" "${JOB_ARGS[@]}")
sparkllm_run "${args[@]}"
