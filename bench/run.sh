#!/usr/bin/env bash
# Runs one side-by-side benchmark: bench/run.sh NAME [args]
# Each benchmark lives in bench/scripts/NAME.sh, runs sparkllm and its named peer in one run, and
# prints its headline as the last line: "name: value unit (peer: value, ratio: x)".
# Benchmarks measure ratios, never absolute limits; they are not part of the test suite.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

list() {
  local found=0
  for f in "$here"/scripts/*.sh; do
    [ -e "$f" ] || continue
    found=1
    echo "  $(basename "$f" .sh)  $(sed -n 's/^# bench: //p' "$f" | head -n 1)"
  done
  [ $found -eq 1 ] || echo "  (none yet: each issue adds its benchmark here)"
}

if [ $# -eq 0 ] || [ "$1" = "--help" ] || [ "$1" = "-h" ]; then
  echo "Usage: bench/run.sh NAME [args]"
  echo "Benchmarks:"
  list
  [ $# -eq 0 ] && exit 2 || exit 0
fi
name=$1; shift
script="$here/scripts/$name.sh"
if [ ! -f "$script" ]; then
  echo "bench/run.sh: no benchmark named '$name'. Benchmarks:" >&2
  list >&2
  exit 2
fi
# Benchmarks run on the bench module's classpath (Spark and MLlib included), rebuilt when sources changed.
jar="$root/bench/target/sparkllm-bench-$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1).jar"
if [ ! -f "$root/bench/target/classpath.txt" ] || [ ! -f "$jar" ] || [ -n "$(find "$root"/*/src/main "$root/conf" \
    "$root"/pom.xml "$root"/*/pom.xml -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2
fi
# Every benchmark runs with the launchers' thread settings (submit/lib/common.sh: OpenMP's passive
# wait, OpenBLAS's core type), as users run sparkllm: without the passive wait, greedy decoding of
# gpt2-124m ran at 5.8 tokens/s instead of 16. Not with their 128 KiB mmap threshold, which bounds a
# long job's resident memory: peers (PyTorch, Hugging Face, MLlib) run on glibc's default
# allocator, and so do we here (with the threshold, PyTorch's training step ran at 3,300 instead of
# 5,900 tokens/s, every large tensor mapped and unmapped each step).
# shellcheck source=../submit/lib/common.sh
source "$root/submit/lib/common.sh"
unset MALLOC_MMAP_THRESHOLD_
export SPARKLLM_ROOT="$root"
export SPARKLLM_BENCH_CLASSPATH="$jar:$(cat "$root/bench/target/classpath.txt")"
exec bash "$script" "$@"
