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
while [ $# -gt 0 ]; do
  case "$1" in
    --deploy-mode) DEPLOY_MODE=${2:?--deploy-mode needs client or cluster}; shift 2; continue ;;
    --queue) QUEUE=${2:?--queue needs a name}; shift 2; continue ;;
    -h|--help) usage; exit 0 ;;
    --) shift; JOB_ARGS=("$@"); break ;;
  esac
  sparkllm_common_option "$@"
  [ "$SHIFT" -gt 0 ] || sparkllm_die "unknown option '$1' (see --help)"
  shift "$SHIFT"
done
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
