# Shared by the launchers in submit/. Source it; don't run it.

SPARKLLM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SPARKLLM_MAIN_CLASS=io.sparkllm.cli.Main

# ND4J's native threads, for every JVM a launcher starts here (callers' own settings win).
# OpenMP's default spin-waiting made training 2-3x slower on shared cores, and ND4J's bundled
# OpenBLAS 0.3.19 takes recent CPUs for old ones unless told the core type (a Zen 5 ran the
# "Barcelona" kernel, 3-6x slower than Haswell's); any CPU with AVX2 runs the Haswell kernels.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
  export OPENBLAS_CORETYPE=Haswell
fi

# ND4J's arrays live outside the Java heap and are freed only when the collector finds their small
# Java objects unreachable, which a roomy heap may not do for many rounds of training: a 4g driver
# grew past 10 GB resident. JavaCPP runs the collector when resident memory passes
# maxphysicalbytes (and fails with OutOfMemoryError when collecting cannot bring it back under),
# so every JVM gets limits derived from its heap: maxbytes = the heap, maxphysicalbytes = the heap
# plus the native allowance below. glibc would keep freed buffers in its arenas, where neither a
# collection nor the limit can get them back: blocks from 128 KiB up are mapped and unmapped
# one by one instead (a fixed threshold also stops glibc from raising it as buffers are freed).
export MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-131072}

# A size such as 4g, 4096m or 4G in MiB.
sparkllm_size_mb() {
  local size=${1,,}
  case "$size" in
    *t) echo $(( ${size%t} * 1024 * 1024 )) ;;
    *g) echo $(( ${size%g} * 1024 )) ;;
    *m) echo $(( ${size%m} )) ;;
    *k) echo $(( ${size%k} / 1024 )) ;;
    *[0-9]) echo $(( size / 1024 / 1024 )) ;;
    *) sparkllm_die "cannot read the memory size '$1' (use e.g. 4g or 4096m)" ;;
  esac
}

# Native memory allowed beside a heap of $1: half the heap, at least 2 GiB (ND4J's workspaces,
# the parameters and updater state of each round's model copies, Spark's own buffers).
sparkllm_native_mb() {
  local heap; heap=$(sparkllm_size_mb "$1")
  local half=$(( heap / 2 ))
  echo $(( half > 2048 ? half : 2048 ))
}

# Class data sharing for the local launcher: a job's classes (the JDK's, Spark's, sparkllm's) as the
# JVM parsed and verified them on the job's previous run, mapped from an archive instead of read from
# the jars again. Dedup of 100k documents took 7.5-7.6 s instead of 8.6-9.1, the driver's CPU halved.
# Each job has its own archive under jobs/target/cds (SPARKLLM_CDS_DIR elsewhere); the first run of a
# job after a build writes it as the JVM exits (that run is slower), later runs map it. An archive that
# no longer matches the class path is refused (the JVM warns on stderr where it says why) and the job
# runs without it. SPARKLLM_CDS=0 turns it off.
sparkllm_cds_archive() {
  echo "${SPARKLLM_CDS_DIR:-$SPARKLLM_ROOT/jobs/target/cds}/$1-$(sparkllm_jdk_tag).jsa"
}

# Which JDK runs: an archive belongs to one (a packaged JDK keeps its package's file dates, so an
# upgrade is told by its JVM library's path and size, not by time).
sparkllm_jdk_tag() {
  local java lib
  java=$(readlink -f "$(command -v java)")
  lib=$(dirname "$(dirname "$java")")/lib/server/libjvm.so
  printf '%s %s' "$java" "$(stat -c %s "$lib" 2>/dev/null)" | cksum | cut -d ' ' -f 1
}

# The JVM flags for job $1's archive, one a line: map it where it exists and is newer than every file
# after $1 (the class path's jars and lists), else write it to a name of this process's ($$) that the
# caller renames once the JVM has exited well. Nothing for a name that is not a job's, or with SPARKLLM_CDS=0.
sparkllm_cds_options() {
  local job=$1 archive newer=1 input
  shift
  [ "${SPARKLLM_CDS:-1}" = 1 ] && [[ "$job" =~ ^[a-z][a-z0-9-]*$ ]] || return 0
  archive=$(sparkllm_cds_archive "$job")
  [ -f "$archive" ] || newer=0
  for input in "$@"; do
    [ $newer = 1 ] && [ "$archive" -nt "$input" ] || newer=0
  done
  if [ $newer = 1 ]; then
    echo "-XX:SharedArchiveFile=$archive"
  else
    mkdir -p "$(dirname "$archive")"
    echo "-XX:ArchiveClassesAtExit=$archive.$$"
  fi
  # The JVM's CDS warnings on stderr, not on the job's stdout.
  echo "-Xlog:cds=off,cds+dynamic=off"
  echo "-Xlog:cds=warning,cds+dynamic=warning:stderr"
}

# JavaCPP's limits for a JVM with a heap of $1, as JVM flags.
sparkllm_native_limits() {
  local heap; heap=$(sparkllm_size_mb "$1")
  echo "-Dorg.bytedeco.javacpp.maxbytes=${heap}m -Dorg.bytedeco.javacpp.maxphysicalbytes=$(( heap + $(sparkllm_native_mb "$1") ))m"
}

# The Java 17 flags Spark and ND4J need, on one line.
sparkllm_opens() {
  tr '\n' ' ' < "$SPARKLLM_ROOT/submit/lib/java17-opens" | sed 's/ $//'
}

# Every JVM flag for drivers and executors: the Java 17 opens, then submit/lib/jvm-flags
# (the throughput collector: batch jobs cleaned 15-20% faster with it than with G1; the incubating
# vector module, which MinHash's SIMD loop uses where present; C2 thresholds 30 times the default, so
# the optimising compiler spends itself on code that stays hot, not on start-up and one-off code:
# dedup's compiler threads took 5 CPU s instead of 11, its tasks no longer; sparkllm's data-preparation
# classes, io.sparkllm.datasets and .jobs, scaled back to the default thresholds, as their loops are
# what those jobs run most: without it dedup's tasks took 12 CPU s in one run of three instead of 7-8.
# Not the model classes: scaling those made gpt-bench's training step 3.4 times slower).
sparkllm_jvm_options() {
  cat "$SPARKLLM_ROOT/submit/lib/java17-opens" "$SPARKLLM_ROOT/submit/lib/jvm-flags" | tr '\n' ' ' | sed 's/ $//'
}

sparkllm_version() {
  sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$SPARKLLM_ROOT/pom.xml" | head -n 1
}

# The jar spark-submit ships: the shaded CPU jar, or the CUDA one built with -Pcuda.
sparkllm_jar() {
  local flavour=${1:-shaded}
  echo "$SPARKLLM_ROOT/jobs/target/sparkllm-jobs-$(sparkllm_version)-$flavour.jar"
}

# Prints a command with shell quoting, so it can be pasted back into a shell.
sparkllm_print_command() {
  local first=1
  for arg in "$@"; do
    if [ $first -eq 1 ]; then first=0; else printf ' '; fi
    printf '%q' "$arg"
  done
  printf '\n'
}

sparkllm_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

DRY_RUN=0; GPUS=0; SPARK_ARGS=(); JOB_ARGS=()
EXECUTORS=""; EXECUTOR_CORES=""; EXECUTOR_MEMORY=""; DRIVER_MEMORY=""

# Handles one option every spark-submit wrapper shares, at the front of "$@".
# Sets SHIFT to the number of words it used; 0 means the option is not a shared one.
sparkllm_common_option() {
  SHIFT=0
  case "$1" in
    --dry-run) DRY_RUN=1; SHIFT=1 ;;
    --gpus) GPUS=${2:?--gpus needs a number}; SHIFT=2 ;;
    --executors) EXECUTORS=${2:?--executors needs a number}; SHIFT=2 ;;
    --executor-cores) EXECUTOR_CORES=${2:?--executor-cores needs a number}; SHIFT=2 ;;
    --executor-memory) EXECUTOR_MEMORY=${2:?--executor-memory needs a size}; SHIFT=2 ;;
    --driver-memory) DRIVER_MEMORY=${2:?--driver-memory needs a size}; SHIFT=2 ;;
    --spark-conf) SPARK_ARGS+=(--conf "${2:?--spark-conf needs key=value}"); SHIFT=2 ;;
  esac
  return 0
}

# Parses a wrapper's arguments up to '--' (the job and its arguments go to JOB_ARGS).
# $1 names the wrapper's own option handler: it sets SHIFT to the words it used, 0 if not its option.
sparkllm_parse_args() {
  local own=$1; shift
  while [ $# -gt 0 ]; do
    case "$1" in
      -h|--help) usage; exit 0 ;;
      --) shift; JOB_ARGS=("$@"); return 0 ;;
    esac
    "$own" "$@"
    [ "$SHIFT" -gt 0 ] || sparkllm_common_option "$@"
    [ "$SHIFT" -gt 0 ] || sparkllm_die "unknown option '$1' (see --help)"
    shift "$SHIFT"
  done
}

sparkllm_require_job() {
  [ ${#JOB_ARGS[@]} -gt 0 ] || sparkllm_die "missing job: put it after '--', e.g. -- sample --output /data/sample"
}

COMMON_OPTIONS_HELP='  --dry-run                 print the spark-submit command instead of running it
  --gpus N                  GPUs per executor (uses the CUDA jar; adds Spark GPU scheduling and discovery)
  --executors N             number of executors (YARN, Kubernetes)
  --executor-cores N        cores per executor
  --executor-memory SIZE    memory per executor, e.g. 16g
  --driver-memory SIZE      driver memory, e.g. 4g
  --spark-conf KEY=VALUE    any Spark setting (repeatable)
  -- JOB ARGS...            the sparkllm job and its arguments, as for submit/sparkllm'

# The spark-submit arguments every deployment shares: class, Java 17 flags, Kryo, GPUs, sizes.
sparkllm_common_submit_args() {
  local options; options=$(sparkllm_jvm_options)
  local driver=$options executor=$options
  # JavaCPP's limits follow each heap where it is known; the memory overhead Spark asks the cluster
  # for beside the heap is raised to the same allowance, so the container holds what JavaCPP allows.
  [ -n "$DRIVER_MEMORY" ] && driver="$options $(sparkllm_native_limits "$DRIVER_MEMORY")"
  [ -n "$EXECUTOR_MEMORY" ] && executor="$options $(sparkllm_native_limits "$EXECUTOR_MEMORY")"
  COMMON_ARGS=(--class "$SPARKLLM_MAIN_CLASS"
    --conf "spark.driver.extraJavaOptions=$driver"
    --conf "spark.executor.extraJavaOptions=$executor"
    --conf spark.serializer=org.apache.spark.serializer.KryoSerializer
    --conf spark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator
    --conf "spark.executorEnv.MALLOC_MMAP_THRESHOLD_=$MALLOC_MMAP_THRESHOLD_"
    --conf "spark.yarn.appMasterEnv.MALLOC_MMAP_THRESHOLD_=$MALLOC_MMAP_THRESHOLD_"
    --conf "spark.kubernetes.driverEnv.MALLOC_MMAP_THRESHOLD_=$MALLOC_MMAP_THRESHOLD_")
  if [ -n "$DRIVER_MEMORY" ] && ! sparkllm_spark_conf_set spark.driver.memoryOverhead; then
    COMMON_ARGS+=(--conf "spark.driver.memoryOverhead=$(sparkllm_native_mb "$DRIVER_MEMORY")m")
  fi
  if [ -n "$EXECUTOR_MEMORY" ] && ! sparkllm_spark_conf_set spark.executor.memoryOverhead; then
    COMMON_ARGS+=(--conf "spark.executor.memoryOverhead=$(sparkllm_native_mb "$EXECUTOR_MEMORY")m")
  fi
  [ -n "$EXECUTORS" ] && COMMON_ARGS+=(--num-executors "$EXECUTORS")
  [ -n "$EXECUTOR_CORES" ] && COMMON_ARGS+=(--executor-cores "$EXECUTOR_CORES")
  [ -n "$EXECUTOR_MEMORY" ] && COMMON_ARGS+=(--executor-memory "$EXECUTOR_MEMORY")
  [ -n "$DRIVER_MEMORY" ] && COMMON_ARGS+=(--driver-memory "$DRIVER_MEMORY")
  if [ "$GPUS" -gt 0 ]; then
    COMMON_ARGS+=(--conf "spark.executor.resource.gpu.amount=$GPUS"
      --conf spark.task.resource.gpu.amount=1
      --conf "spark.executor.resource.gpu.discoveryScript=${GPU_DISCOVERY_SCRIPT:-./discover-gpus.sh}")
  fi
  COMMON_ARGS+=("${SPARK_ARGS[@]}")
  return 0
}

# Whether --spark-conf set the Spark setting $1.
sparkllm_spark_conf_set() {
  local arg
  for arg in "${SPARK_ARGS[@]}"; do
    case "$arg" in "$1="*) return 0 ;; esac
  done
  return 1
}

# The jar for this run: CUDA when GPUs were asked for.
sparkllm_submit_jar() {
  if [ "$GPUS" -gt 0 ]; then sparkllm_jar cuda; else sparkllm_jar shaded; fi
}

sparkllm_spark_submit() {
  if [ -n "${SPARK_HOME:-}" ]; then echo "$SPARK_HOME/bin/spark-submit"; else echo spark-submit; fi
}

# Runs or prints the final command.
sparkllm_run() {
  if [ "$DRY_RUN" -eq 1 ]; then
    sparkllm_print_command "$@"
  else
    exec "$@"
  fi
}
