#!/usr/bin/env bash
# The demo: generate the offline sample data set (or take real data laid out like ../shared/data)
# and run the pipeline end to end on the embedded local Spark, then say where each output is.
#   submit/demo.sh [--work DIR] [--data DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--work DIR] [--data DIR]
  --work DIR   where the pipeline writes (default: $SPARKLLM_ROOT/demo-output)
  --data DIR   use this data (laid out like ../shared/data) instead of generating the sample
Runs conf/pipeline/demo.conf; rerunning skips the stages whose outputs are up to date.
USAGE
}

WORK="$SPARKLLM_ROOT/demo-output"; DATA=""
while [ $# -gt 0 ]; do
  case "$1" in
    --work) WORK=${2:?--work needs a directory}; shift 2 ;;
    --data) DATA=${2:?--data needs a directory}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) sparkllm_die "unknown option '$1' (see --help)" ;;
  esac
done
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

sets=(--set "vars.work=$WORK")
if [ -n "$DATA" ]; then
  [ -d "$DATA" ] || sparkllm_die "--data: no such directory: $DATA"
  DATA=$(cd "$DATA" && pwd)
  sets+=(--set vars.generate-sample=false --set "vars.data=$DATA")
fi

"$SPARKLLM_ROOT/submit/sparkllm" pipeline --conf "$SPARKLLM_ROOT/conf/pipeline/demo.conf" "${sets[@]}"

echo
echo "Demo outputs under $WORK:"
for manifest in "$WORK"/*/_manifest.json; do
  [ -e "$manifest" ] || continue
  echo "  $(dirname "$manifest")  ($(sed -n 's/^  "job" : "\(.*\)",$/\1/p' "$manifest"))"
done
if [ -n "$DATA" ]; then
  echo "  input data: $DATA"
fi
