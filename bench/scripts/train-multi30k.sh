#!/usr/bin/env bash
# bench: a real run: the Transformer (transformer-multi30k preset) trained on Multi30K de→en, then BLEU on test_2016_flickr
# Usage: bench/run.sh train-multi30k [steps=600] [beam-width=4]
# pairs (Multi30K's train/val/test_2016_flickr files) → an 8,000-token BPE learned from the train
# captions (both languages, with <s> for the decoder start) → tokenize seq2seq → train on 2
# workers (local[2]) × 32 pairs → eval bleu on the 1,000 test captions (sacreBLEU's 13a BLEU and
# chrF). Prints the training budget (steps, target tokens, seconds), the last validation loss and
# the scores.
set -euo pipefail
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
steps=${1:-600}
beam=${2:-4}
work=${SPARKLLM_BENCH_WORK:-$(mktemp -d /tmp/sparkllm-train-multi30k-XXXXXX)}
cli="$SPARKLLM_ROOT/submit/sparkllm"
shared="${SPARKLLM_SHARED_DATA:-$SPARKLLM_ROOT/../shared/data}"
mkdir -p "$work"
"$cli" pairs --input "$shared/multi30k" --output "$work/pairs" --overwrite >/dev/null
python3 - "$shared/multi30k" "$work/captions.jsonl" <<'PY'
import gzip, json, sys
src, out = sys.argv[1], sys.argv[2]
with open(out, "w") as f:
    for lang in ("de", "en"):
        for i, line in enumerate(gzip.open(f"{src}/train.{lang}.gz", "rt", encoding="utf-8")):
            f.write(json.dumps({"id": f"{lang}-{i}", "text": line.rstrip("\n")}) + "\n")
PY
"$cli" tokenizer-train --input "$work/captions.jsonl" --output "$work/tokenizer" --set vocab-size=8000 \
  --set 'special-tokens=["<|endoftext|>", "<s>"]' --overwrite >/dev/null
"$cli" tokenize --input "$work/pairs/pairs" --output "$work/mt" --tokenizer "$work/tokenizer/tokenizer.json" \
  --set task=seq2seq --set bos-token="<s>" --overwrite >/dev/null
start=$(date +%s)
"$cli" train --input "$work/mt" --output "$work/train" --model transformer-multi30k --max-steps "$steps" --overwrite \
  --set task=seq2seq --set spark.local-master="local[2]" --set workers=2 --set batch-size-per-worker=32 \
  --set averaging-frequency=5 --set epochs=100 --set learning-rate=1e-3 --set warmup-steps=100 --set eval-every=5 \
  --set valid-batches=8 --set checkpoint-every=1000000 >/dev/null
train_seconds=$(( $(date +%s) - start ))
start=$(date +%s)
"$cli" eval bleu --input "$work/pairs/pairs" --model "$work/train/model" --output "$work/bleu" --beam-width "$beam" \
  --set split=test --overwrite >/dev/null
eval_seconds=$(( $(date +%s) - start ))
python3 - "$work" "$train_seconds" "$eval_seconds" <<'PY'
import json, sys
work, train_s, eval_s = sys.argv[1], sys.argv[2], sys.argv[3]
lines = [json.loads(l) for l in open(f"{work}/train/metrics.jsonl")]
valid = [l for l in lines if "valid_loss" in l]
m = json.load(open(f"{work}/bleu/metrics.json"))
print(f"train: {lines[-1]['step']} steps, {lines[-1]['tokens']} tokens (source + target) in {train_s} s; "
      f"valid loss {valid[0]['valid_loss']:.3f} -> {valid[-1]['valid_loss']:.3f} nats/target token")
print(f"eval: {m['examples']} test captions in {eval_s} s, beam {m['decoding']['beam_width']}")
print(m["bleu"]["signature"] if isinstance(m["bleu"].get("signature"), str) else json.dumps(m["bleu"].get("signature")))
print(f"train-multi30k: BLEU {m['bleu']['score']:.2f} chrF2 {m['chrf']['score']:.2f} on test_2016_flickr "
      f"(peer: none, a real run; {lines[-1]['step']} steps)")
PY
