#!/usr/bin/env bash
# bench: a real run: a small BERT (bert-mini preset) pretrained with MLM + NSP on the multilingual web pages, then eval perplexity (masked-token accuracy)
# Usage: bench/run.sh train-bert [steps=300]
# webdocs (7,176 pages, 13 languages) → tokenize mlm with bert-base-uncased's vocabulary (seq-len
# 128, 15% masked, half the pairs random) → train on 2 workers (local[2]) × 16 → eval perplexity on
# the valid split. Prints the budget, the masked-LM loss and next-sentence accuracy, and the
# masked-token accuracy per language.
set -euo pipefail
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
steps=${1:-300}
work=${SPARKLLM_BENCH_WORK:-$(mktemp -d /tmp/sparkllm-train-bert-XXXXXX)}
cli="$SPARKLLM_ROOT/submit/sparkllm"
shared="${SPARKLLM_SHARED_DATA:-$SPARKLLM_ROOT/../shared/data}"
mkdir -p "$work"
"$cli" tokenize --input "$shared/webdocs" --output "$work/mlm" --tokenizer "$shared/tokenizers/bert-base-uncased" \
  --seq-len 128 --set task=mlm --set valid-fraction=0.02 --overwrite >/dev/null
start=$(date +%s)
"$cli" train --input "$work/mlm" --output "$work/train" --model bert-mini --max-steps "$steps" --overwrite \
  --set task=mlm --set spark.local-master="local[2]" --set workers=2 --set batch-size-per-worker=16 \
  --set averaging-frequency=5 --set epochs=100 --set learning-rate=5e-4 --set warmup-steps=30 --set eval-every=5 \
  --set valid-batches=8 --set checkpoint-every=1000000 >/dev/null
train_seconds=$(( $(date +%s) - start ))
"$cli" eval perplexity --input "$work/mlm/valid" --model "$work/train/model" --output "$work/eval" --overwrite >/dev/null
python3 - "$work" "$train_seconds" <<'PY'
import json, sys
work, train_s = sys.argv[1], sys.argv[2]
lines = [json.loads(l) for l in open(f"{work}/train/metrics.jsonl")]
valid = [l for l in lines if "valid_loss" in l]
m = json.load(open(f"{work}/eval/metrics.json"))
print(f"train: {lines[-1]['step']} steps, {lines[-1]['tokens']} tokens in {train_s} s; valid MLM loss "
      f"{valid[0]['valid_loss']:.3f} -> {valid[-1]['valid_loss']:.3f}, NSP accuracy {valid[-1]['valid_nsp_accuracy']:.3f}")
print(f"eval: {m['examples']} examples, masked-token accuracy {m['masked_accuracy']:.3f}, MLM perplexity {m['perplexity']:.1f}")
print(f"train-bert: masked-token accuracy {m['masked_accuracy']:.3f} on held-out pages (peer: none, a real run; "
      f"{lines[-1]['step']} steps)")
PY
