#!/usr/bin/env bash
# bench: a real run: tiny-gpt2 pretrained on Tiny Shakespeare to a fixed token budget, then instruction-tuned on Alpaca's seed tasks; validation losses
# Usage: bench/run.sh train-shakespeare [steps=200] [instruct-steps=60]
# Pretraining: the play in 200-line scenes, a 1,000-token BPE trained on it, windows of 128,
# 2 workers (local[2]) × batch 8, so steps × 2,048 tokens. Instruction tuning: the pretrained
# model, init-from, on Alpaca's 175 seed tasks in Alpaca's template (seq-len 128, the model's), loss on the
# responses only. Prints the validation loss (nats per token) after each, and the budget.
set -euo pipefail
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
steps=${1:-200}
instruct_steps=${2:-60}
work=${SPARKLLM_BENCH_WORK:-$(mktemp -d /tmp/sparkllm-train-shakespeare-XXXXXX)}
cli="$SPARKLLM_ROOT/submit/sparkllm"
shared="${SPARKLLM_SHARED_DATA:-$SPARKLLM_ROOT/../shared/data}"
mkdir -p "$work/text"
split -l 200 -d -a 3 "$shared/tinyshakespeare/input.txt" "$work/text/scene-"
for f in "$work"/text/scene-*; do [ "${f%.txt}" = "$f" ] && mv "$f" "$f.txt"; done
"$cli" tokenizer-train --input "$work/text" --output "$work/tokenizer" --set vocab-size=1000 >/dev/null
"$cli" tokenize --input "$work/text" --output "$work/windows" --tokenizer "$work/tokenizer/tokenizer.json" \
  --seq-len 128 --set valid-fraction=0.05 --overwrite >/dev/null
start=$(date +%s)
"$cli" train --input "$work/windows" --output "$work/pretrain" --model tiny-gpt2 --max-steps "$steps" --overwrite \
  --set spark.local-master="local[2]" --set workers=2 --set batch-size-per-worker=8 --set averaging-frequency=5 \
  --set epochs=100 --set learning-rate=3e-3 --set warmup-steps=20 --set eval-every=4 --set valid-batches=16 \
  --set checkpoint-every=1000000 >/dev/null
pretrain_seconds=$(( $(date +%s) - start ))
"$cli" tokenize --input "$shared/alpaca/seed_tasks.jsonl" --output "$work/instruct" \
  --tokenizer "$work/tokenizer/tokenizer.json" --seq-len 128 --set task=instruct --set valid-fraction=0.1 --overwrite >/dev/null
start=$(date +%s)
"$cli" train --input "$work/instruct" --output "$work/instruct-tuned" --init-from "$work/pretrain/model" \
  --max-steps "$instruct_steps" --overwrite --set task=instruct --set spark.local-master="local[2]" --set workers=2 \
  --set batch-size-per-worker=8 --set averaging-frequency=2 --set epochs=100 --set learning-rate=1e-3 \
  --set warmup-steps=5 --set eval-every=2 --set valid-batches=16 --set checkpoint-every=1000000 >/dev/null
instruct_seconds=$(( $(date +%s) - start ))
python3 - "$work" "$pretrain_seconds" "$instruct_seconds" <<'PY'
import json, sys
work, pre_s, ins_s = sys.argv[1], sys.argv[2], sys.argv[3]
def summary(run):
    lines = [json.loads(l) for l in open(f"{work}/{run}/metrics.jsonl")]
    valid = [l for l in lines if "valid_loss" in l]
    return lines[-1], valid[0], valid[-1]
last, v0, v1 = summary("pretrain")
print(f"pretrain: {last['step']} steps, {last['tokens']} tokens in {pre_s} s; valid loss {v0['valid_loss']:.3f} "
      f"(after {v0['tokens']} tokens) -> {v1['valid_loss']:.3f}")
ilast, i0, i1 = summary("instruct-tuned")
print(f"instruct: {ilast['step']} steps, {ilast['tokens']} tokens in {ins_s} s; valid response loss "
      f"{i0['valid_loss']:.3f} -> {i1['valid_loss']:.3f}")
print(f"train-shakespeare: valid loss {v1['valid_loss']:.3f} nats/token after {last['tokens']} tokens "
      f"(peer: none, a real run; instruct valid loss {i1['valid_loss']:.3f})")
PY
