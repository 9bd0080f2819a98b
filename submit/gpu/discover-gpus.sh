#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs this executor may use as Spark's resource JSON,
# e.g. {"name": "gpu", "addresses": ["0", "1"]}. Spark calls it when an executor starts
# (spark.executor.resource.gpu.discoveryScript). It honours CUDA_VISIBLE_DEVICES when set.
set -euo pipefail
if [ -n "${CUDA_VISIBLE_DEVICES:-}" ]; then
  ids=$(echo "$CUDA_VISIBLE_DEVICES" | tr ',' '\n')
else
  ids=$(nvidia-smi --query-gpu=index --format=csv,noheader)
fi
addresses=$(echo "$ids" | sed '/^[[:space:]]*$/d; s/[[:space:]]//g; s/.*/"&"/' | paste -sd, -)
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
