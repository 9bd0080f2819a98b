#!/usr/bin/env bash
# Submits a sparkllm job to Kubernetes (cluster mode) with the images from submit/docker/.
# For the Spark operator, see submit/k8s/sparkllm-sparkapplication.yaml instead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") --master k8s://https://HOST:PORT --image IMAGE [options] -- JOB [job args]
  --master URL              the Kubernetes API server, k8s://https://... (or SPARKLLM_K8S_MASTER)
  --image IMAGE             the sparkllm image (submit/docker/Dockerfile.cpu or Dockerfile.gpu)
  --namespace NS            namespace (default: default)
  --service-account NAME    service account the driver uses to create executors (default: spark)
$COMMON_OPTIONS_HELP
USAGE
}

MASTER=${SPARKLLM_K8S_MASTER:-}; IMAGE=""; NAMESPACE=default; SERVICE_ACCOUNT=spark
own_option() {
  SHIFT=0
  case "$1" in
    --master) MASTER=${2:?--master needs a URL}; SHIFT=2 ;;
    --image) IMAGE=${2:?--image needs a name}; SHIFT=2 ;;
    --namespace) NAMESPACE=${2:?--namespace needs a name}; SHIFT=2 ;;
    --service-account) SERVICE_ACCOUNT=${2:?--service-account needs a name}; SHIFT=2 ;;
  esac
}
sparkllm_parse_args own_option "$@"
sparkllm_require_job
case "$MASTER" in k8s://*) ;; *) sparkllm_die "--master must start with k8s://, got '${MASTER}'" ;; esac
[ -n "$IMAGE" ] || sparkllm_die "--image is required"

# Inside the image the jar and the discovery script sit at fixed paths (see submit/docker/).
GPU_DISCOVERY_SCRIPT=/opt/sparkllm/discover-gpus.sh
sparkllm_common_submit_args
args=("$(sparkllm_spark_submit)" --master "$MASTER" --deploy-mode cluster "${COMMON_ARGS[@]}"
  --conf "spark.kubernetes.container.image=$IMAGE"
  --conf "spark.kubernetes.namespace=$NAMESPACE"
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=$SERVICE_ACCOUNT")
if [ "$GPUS" -gt 0 ]; then
  args+=(--conf spark.executor.resource.gpu.vendor=nvidia.com)
fi
args+=(local:///opt/sparkllm/sparkllm.jar "${JOB_ARGS[@]}")
sparkllm_run "${args[@]}"
